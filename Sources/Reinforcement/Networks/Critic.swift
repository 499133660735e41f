import NeuralNet

/// A Q-network: `Q(o, a)` from `concat(o, a)` through a `NormalizedMLP` to one value.
/// Parameters: `name.layers.*`, `name.head.*` (see `NormalizedMLP`).
public struct Critic {
    public let network: NormalizedMLP
    public let observationSize: Int
    public let actionSize: Int

    public init(observationSize: Int, actionSize: Int, width: Int, hiddenLayers: Int, name: String,
                random: inout RandomSource) {
        self.observationSize = observationSize
        self.actionSize = actionSize
        network = NormalizedMLP(inputSize: observationSize + actionSize, outputSize: 1, width: width,
                                hiddenLayers: hiddenLayers, name: name, random: &random)
    }

    public var parameters: [Parameter] { network.parameters }

    /// Buffers for one batch size.
    public final class Workspace {
        public let batchSize: Int
        let network: NormalizedMLP.Workspace
        /// `concat(o, a)` (`batch x (O + A)`).
        let input: Matrix
        /// dL/d concat(o, a), when the action gradient is asked for.
        let inputGradient: Matrix

        public init(for critic: Critic, batchSize: Int) {
            self.batchSize = batchSize
            network = NormalizedMLP.Workspace(for: critic.network, batchSize: batchSize)
            input = Matrix(rows: batchSize, columns: critic.observationSize + critic.actionSize)
            inputGradient = Matrix(rows: batchSize, columns: critic.observationSize + critic.actionSize)
        }

        /// The last `forward`'s values (`batch x 1`).
        public var values: Matrix { network.output }
    }

    /// `Q(o, a)` (`batch x 1`, the workspace's `values`); saves what `backward` needs.
    @discardableResult
    public func forward(observations: Matrix, actions: Matrix, workspace: Workspace) -> Matrix {
        precondition(observations.rows == workspace.batchSize && actions.rows == workspace.batchSize
                     && observations.columns == observationSize && actions.columns == actionSize,
                     "Critic expects \(workspace.batchSize) rows of \(observationSize) + \(actionSize) features")
        let o = observationSize, a = actionSize
        for r in 0..<workspace.batchSize {
            let row = workspace.input.row(r)
            row.update(from: observations.row(r), count: o)
            (row + o).update(from: actions.row(r), count: a)
        }
        return network.forward(workspace.input, workspace: workspace.network)
    }

    /// Parameter gradients (overwritten) from dL/dQ (`batch x 1`), after `forward`.
    public func backward(valueGradient: Matrix, workspace: Workspace) {
        network.backward(input: workspace.input, outputGradient: valueGradient, workspace: workspace.network)
    }

    /// dL/d action from dL/dQ, written (or added, with `accumulate`) into `actionGradient`
    /// (`batch x actionSize`), after `forward`. Computes no Linear parameter gradient (the
    /// actor's loss does not train the critic), though LayerNorm still overwrites its own
    /// gradient buffers.
    public func actionGradient(valueGradient: Matrix, workspace: Workspace, into actionGradient: Matrix,
                               accumulate: Bool) {
        network.backward(input: workspace.input, outputGradient: valueGradient, workspace: workspace.network,
                         parameterGradients: false, inputGradient: workspace.inputGradient)
        let o = observationSize, a = actionSize
        for r in 0..<workspace.batchSize {
            let source = workspace.inputGradient.row(r) + o, target = actionGradient.row(r)
            if accumulate {
                for j in 0..<a { target[j] += source[j] }
            } else {
                target.update(from: source, count: a)
            }
        }
    }
}

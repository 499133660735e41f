import Foundation
import NeuralNet

/// The SAC networks' trunk: `hiddenLayers` blocks of `Linear -> LayerNorm -> ReLU` of
/// width `width`, then a linear head (PyTorch `nn.Sequential(Linear, LayerNorm, ReLU, ...,
/// Linear)`).
///
/// Parameters: `name.layers.<i>.linear.*`, `name.layers.<i>.norm.*`, `name.head.*`, in that
/// order (the order `parameters` lists them and initialisation draws them; Linear layers
/// are initialised as PyTorch does, LayerNorm to ones and zeros).
///
/// The backward pass needs no saved activation derivative: ReLU's mask is `h > 0` on the
/// block's output `h`, which the next layer reads anyway.
public struct NormalizedMLP {
    public let inputSize: Int
    public let outputSize: Int
    public let width: Int
    public let linears: [Linear]
    public let norms: [LayerNorm]
    public let head: Linear

    public init(inputSize: Int, outputSize: Int, width: Int, hiddenLayers: Int, name: String,
                random: inout RandomSource) {
        precondition(inputSize >= 1 && outputSize >= 1 && width >= 1 && hiddenLayers >= 1,
                     "a NormalizedMLP needs positive sizes and at least one hidden layer")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.width = width
        var linears: [Linear] = [], norms: [LayerNorm] = []
        for i in 0..<hiddenLayers {
            linears.append(Linear(inputs: i == 0 ? inputSize : width, outputs: width,
                                  name: "\(name).layers.\(i).linear", random: &random))
            norms.append(LayerNorm(features: width, name: "\(name).layers.\(i).norm"))
        }
        self.linears = linears
        self.norms = norms
        head = Linear(inputs: width, outputs: outputSize, name: "\(name).head", random: &random)
    }

    public var hiddenLayers: Int { linears.count }

    public var parameters: [Parameter] {
        zip(linears, norms).flatMap { $0.parameters + $1.parameters } + head.parameters
    }

    /// Saved activations and gradient scratch for one batch size; allocate once and reuse.
    ///
    /// LayerNorm reads and writes separate buffers (`z` into `h`, `dL/dh` into `dL/dz`): its
    /// loops allow aliasing, but an aliased call fails the compiler's overlap check and
    /// runs the scalar version of the loop.
    public final class Workspace {
        public let batchSize: Int
        /// Linear outputs `z_i` (`batch x width`).
        let preActivations: [Matrix]
        /// Block outputs `h_i = ReLU(LN(z_i))` (`batch x width`).
        let hidden: [Matrix]
        /// LayerNorm's saved `xhat` and `1 / std` per block.
        let normalized: [Matrix]
        let inverseStd: [Matrix]
        /// dL/dh_i, then masked by ReLU in place (dL/d LN output).
        let hiddenGradients: [Matrix]
        /// dL/dz_i.
        let preActivationGradients: [Matrix]
        /// The head's output (`batch x outputSize`).
        public let output: Matrix
        /// Signals, per block, that dL/dz_i is ready (concurrent backward passes).
        let ready: [DispatchSemaphore]

        public init(for network: NormalizedMLP, batchSize: Int) {
            self.batchSize = batchSize
            let n = network.hiddenLayers, w = network.width
            func matrices(_ columns: Int) -> [Matrix] { (0..<n).map { _ in Matrix(rows: batchSize, columns: columns) } }
            preActivations = matrices(w)
            hidden = matrices(w)
            normalized = matrices(w)
            inverseStd = matrices(1)
            hiddenGradients = matrices(w)
            preActivationGradients = matrices(w)
            output = Matrix(rows: batchSize, columns: network.outputSize)
            ready = (0..<n).map { _ in DispatchSemaphore(value: 0) }
        }
    }

    /// Runs the network on `input` (`batch x inputSize`, the workspace's batch size) and
    /// returns `workspace.output`. Saves what `backward` needs.
    @discardableResult
    public func forward(_ input: Matrix, workspace: Workspace) -> Matrix {
        precondition(input.rows == workspace.batchSize && input.columns == inputSize,
                     "NormalizedMLP expects \(workspace.batchSize) x \(inputSize) inputs, got \(input.rows) x \(input.columns)")
        var x = input
        for i in 0..<linears.count {
            let z = workspace.preActivations[i], h = workspace.hidden[i]
            linears[i].forward(x, into: z)
            norms[i].forward(z, into: h, normalized: workspace.normalized[i], inverseStd: workspace.inverseStd[i])
            Self.relu(h.pointer, count: h.count)
            x = h
        }
        head.forward(x, into: workspace.output)
        return workspace.output
    }

    /// Backward pass after `forward` on `input`: with `parameterGradients`, writes every
    /// parameter's gradient (overwriting); with `inputGradient`, writes dL/d input.
    ///
    /// Without `parameterGradients` the Linear weight and bias gradients are skipped (the
    /// products that dominate), but LayerNorm's `backward` still overwrites its own
    /// weight and bias gradients: call it so only between optimizer steps of this network.
    ///
    /// With `threads` (and `parameterGradients`) the pass is split over the pair's two
    /// threads: one walks the input gradients down the layers, the other computes each
    /// Linear layer's weight and bias gradients as soon as that layer's dL/dz is ready.
    /// Both run exactly the products of the serial pass, so the gradients are the same
    /// bit for bit.
    public func backward(input: Matrix, outputGradient: Matrix, workspace: Workspace,
                         parameterGradients: Bool = true, inputGradient: Matrix? = nil, threads: ThreadPair? = nil) {
        guard parameterGradients, let threads else {
            propagate(input: input, outputGradient: outputGradient, workspace: workspace,
                      parameterGradients: parameterGradients, inputGradient: inputGradient, signal: false)
            return
        }
        // Half 0 only signals and half 1 only waits, as `ThreadPair` requires.
        threads.run { k in
            if k == 0 {
                propagate(input: input, outputGradient: outputGradient, workspace: workspace,
                          parameterGradients: false, inputGradient: inputGradient, signal: true)
            } else {
                weightGradients(input: input, outputGradient: outputGradient, workspace: workspace)
            }
        }
    }

    /// The input-gradient walk (and, with `parameterGradients`, the parameter gradients);
    /// with `signal`, announces each block's dL/dz on `workspace.ready`.
    private func propagate(input: Matrix, outputGradient: Matrix, workspace: Workspace, parameterGradients: Bool,
                           inputGradient: Matrix?, signal: Bool) {
        let n = linears.count
        if parameterGradients {
            head.backward(input: workspace.hidden[n - 1], outputGradient: outputGradient,
                          inputGradient: workspace.hiddenGradients[n - 1])
        } else {
            head.backwardInput(outputGradient: outputGradient, into: workspace.hiddenGradients[n - 1])
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let gh = workspace.hiddenGradients[i], g = workspace.preActivationGradients[i]
            Self.reluMask(gh.pointer, by: workspace.hidden[i].pointer, count: gh.count)
            norms[i].backward(outputGradient: gh, normalized: workspace.normalized[i],
                              inverseStd: workspace.inverseStd[i], inputGradient: g)
            if signal { workspace.ready[i].signal() }
            let layerInput = i == 0 ? input : workspace.hidden[i - 1]
            let target = i == 0 ? inputGradient : workspace.hiddenGradients[i - 1]
            if parameterGradients {
                linears[i].backward(input: layerInput, outputGradient: g, inputGradient: target)
            } else if let target {
                linears[i].backwardInput(outputGradient: g, into: target)
            }
        }
    }

    /// Every Linear layer's weight and bias gradients, each once `workspace.ready` says
    /// its dL/dz is there.
    private func weightGradients(input: Matrix, outputGradient: Matrix, workspace: Workspace) {
        let n = linears.count
        head.backward(input: workspace.hidden[n - 1], outputGradient: outputGradient, inputGradient: nil)
        for i in stride(from: n - 1, through: 0, by: -1) {
            workspace.ready[i].wait()
            linears[i].backward(input: i == 0 ? input : workspace.hidden[i - 1],
                                outputGradient: workspace.preActivationGradients[i], inputGradient: nil)
        }
    }

    /// `x = max(x, 0)` in place. Both operands of the select are plain loads, so the loop
    /// compiles to vector max/blend code without branches.
    @inline(__always)
    static func relu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for k in 0..<count {
            let v = x[k]
            x[k] = v > 0 ? v : 0
        }
    }

    /// `g = h > 0 ? g : 0` (ReLU's backward from its output `h`). `g` is loaded before the
    /// select: `h > 0 ? g[k] : 0` would be a conditional load, which keeps the loop
    /// scalar and branchy (a mispredicted branch per element on ReLU's random signs).
    @inline(__always)
    static func reluMask(_ g: UnsafeMutablePointer<Float>, by h: UnsafePointer<Float>, count: Int) {
        for k in 0..<count {
            let v = g[k]
            g[k] = h[k] > 0 ? v : 0
        }
    }
}

import Foundation
import NeuralNet

/// SAC's actor: a tanh-squashed Gaussian policy on a `NormalizedMLP` whose head outputs
/// the mean (first `actionSize` columns) and the log standard deviation (last
/// `actionSize` columns, clamped to `logStdRange`).
///
///     u = mean + std * eps,  eps ~ N(0, I)        (reparameterised; eps from the caller)
///     a = bound * tanh(u)
///     log pi(a | o) = sum_j [ log N(u_j; mean_j, std_j) - log(bound * (1 - tanh(u_j)^2)) ]
///
/// with `log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2 u))`, which stays finite where
/// `tanh(u)` rounds to +-1. The deterministic action is `bound * tanh(mean)`.
/// Parameters: `name.layers.*`, `name.head.*` (see `NormalizedMLP`).
public struct SquashedGaussianActor {
    public let network: NormalizedMLP
    public let observationSize: Int
    public let actionSize: Int
    /// The squash bound `b`: actions lie in `(-b, b)`.
    public let bound: Float
    /// The clamp applied to the head's log standard deviation (SAC: [-5, 2]).
    public let logStdRange: ClosedRange<Float>

    public init(observationSize: Int, actionSize: Int, width: Int, hiddenLayers: Int, bound: Float,
                logStdRange: ClosedRange<Float> = -5...2, name: String = "actor", random: inout RandomSource) {
        precondition(bound > 0, "the squash bound must be positive")
        self.observationSize = observationSize
        self.actionSize = actionSize
        self.bound = bound
        self.logStdRange = logStdRange
        network = NormalizedMLP(inputSize: observationSize, outputSize: 2 * actionSize, width: width,
                                hiddenLayers: hiddenLayers, name: name, random: &random)
    }

    public var parameters: [Parameter] { network.parameters }

    /// Zeroes the head's mean outputs (weights and biases), so that the actor's mean
    /// action starts at 0 for every observation: residual RL starts as the base policy.
    public func zeroInitialMean() {
        let head = network.head, inputs = head.weight.value.columns
        (head.weight.value.pointer).update(repeating: 0, count: actionSize * inputs)
        head.bias.value.pointer.update(repeating: 0, count: actionSize)
    }

    /// Buffers for one batch size.
    public final class Workspace {
        public let batchSize: Int
        let network: NormalizedMLP.Workspace
        /// The standard normal draws `eps` (`batch x actionSize`); `sample` fills them,
        /// `forward(_:workspace:)` reads them as they are.
        public let noise: Matrix
        /// `tanh(u)` (`batch x actionSize`).
        let squashed: Matrix
        /// The actions `bound * tanh(u)` (`batch x actionSize`).
        public let actions: Matrix
        /// `log pi(a | o)` per row (`batch x 1`).
        public let logProbabilities: Matrix
        /// dL/d(head output) (`batch x 2 actionSize`).
        let headGradient: Matrix

        public init(for actor: SquashedGaussianActor, batchSize: Int) {
            self.batchSize = batchSize
            network = NormalizedMLP.Workspace(for: actor.network, batchSize: batchSize)
            noise = Matrix(rows: batchSize, columns: actor.actionSize)
            squashed = Matrix(rows: batchSize, columns: actor.actionSize)
            actions = Matrix(rows: batchSize, columns: actor.actionSize)
            logProbabilities = Matrix(rows: batchSize, columns: 1)
            headGradient = Matrix(rows: batchSize, columns: 2 * actor.actionSize)
        }
    }

    /// Draws `eps` from `generator` into `workspace.noise`, then runs `forward`.
    public func sample(_ observations: Matrix, using generator: inout RandomSource, workspace: Workspace) {
        generator.fillGaussian(workspace.noise)
        forward(observations, workspace: workspace)
    }

    /// Reparameterised actions and their log-probabilities for the noise already in
    /// `workspace.noise`: fills `workspace.actions` and `workspace.logProbabilities` and
    /// saves what `backward` needs. The same as `forwardNetwork` then `squash`.
    public func forward(_ observations: Matrix, workspace: Workspace) {
        forwardNetwork(observations, workspace: workspace)
        squash(workspace: workspace)
    }

    /// The first half of `forward`: the network's mean and log-std (no noise needed yet).
    public func forwardNetwork(_ observations: Matrix, workspace: Workspace) {
        network.forward(observations, workspace: workspace.network)
    }

    /// The second half of `forward`: actions and log-probabilities from the head's output
    /// and `workspace.noise`.
    public func squash(workspace: Workspace) {
        let head = workspace.network.output
        let n = actionSize, b = bound
        // Per dimension: -0.5 log(2 pi) - log b, and 2 log 2 from the squash correction.
        let constant = Float(-0.5 * Foundation.log(2 * Double.pi) - Foundation.log(Double(b)) - 2 * Foundation.log(2.0))
        let low = logStdRange.lowerBound, high = logStdRange.upperBound
        for r in 0..<workspace.batchSize {
            let mean = head.row(r), logStd = mean + n
            let eps = workspace.noise.row(r), t = workspace.squashed.row(r), a = workspace.actions.row(r)
            var total: Float = 0
            for j in 0..<n {
                let s = min(max(logStd[j], low), high)
                let u = mean[j] + Foundation.exp(s) * eps[j]
                let y = Foundation.tanh(u)
                t[j] = y
                a[j] = b * y
                // log N(u; mean, std) = -eps^2/2 - s - log(2 pi)/2;
                // -log(1 - tanh(u)^2) = -2 (log 2 - u - softplus(-2u)).
                total += -0.5 * eps[j] * eps[j] - s + 2 * (u + Self.softplus(-2 * u))
            }
            workspace.logProbabilities.pointer[r] = total + Float(n) * constant
        }
    }

    /// Parameter gradients (overwritten) of a loss `L` given dL/d action
    /// (`actionGradient`, `batch x actionSize`; nil: zero) and dL/d log pi per row
    /// (`logProbabilityGradient`, `batch x 1`; nil: zero), after `forward` with the same
    /// workspace. `eps` is held fixed (the reparameterisation trick):
    ///
    ///     dL/du   = dL/da * b (1 - t^2) + dL/dlogpi * 2 t
    ///     dL/dmu  = dL/du
    ///     dL/ds   = (dL/du * std * eps - dL/dlogpi) * [low <= s_raw <= high]
    ///
    /// `threads` runs the network's weight gradients on the pair's second thread (see
    /// `NormalizedMLP.backward`); the result is the same.
    public func backward(observations: Matrix, actionGradient: Matrix?, logProbabilityGradient: Matrix?,
                         workspace: Workspace, threads: ThreadPair? = nil) {
        let head = workspace.network.output
        let n = actionSize, b = bound
        let low = logStdRange.lowerBound, high = logStdRange.upperBound
        for r in 0..<workspace.batchSize {
            let logStd = head.row(r) + n
            let eps = workspace.noise.row(r), t = workspace.squashed.row(r)
            let gMean = workspace.headGradient.row(r), gLogStd = gMean + n
            let ga = actionGradient?.row(r)
            let gl = logProbabilityGradient?.pointer[r] ?? 0
            for j in 0..<n {
                let y = t[j]
                let du = (ga?[j] ?? 0) * b * (1 - y * y) + gl * 2 * y
                gMean[j] = du
                let raw = logStd[j]
                let inside = raw >= low && raw <= high
                gLogStd[j] = inside ? du * Foundation.exp(raw) * eps[j] - gl : 0
            }
        }
        network.backward(input: observations, outputGradient: workspace.headGradient, workspace: workspace.network,
                         threads: threads)
    }

    /// `bound * tanh(mean)` into `actions` (`batch x actionSize`), without noise.
    public func deterministicActions(_ observations: Matrix, workspace: Workspace, into actions: Matrix) {
        let head = network.forward(observations, workspace: workspace.network)
        precondition(actions.rows == workspace.batchSize && actions.columns == actionSize, "action matrix shape")
        for r in 0..<workspace.batchSize {
            let mean = head.row(r), a = actions.row(r)
            for j in 0..<actionSize { a[j] = bound * Foundation.tanh(mean[j]) }
        }
    }

    /// `log(1 + e^x)` without overflow.
    @inline(__always)
    static func softplus(_ x: Float) -> Float {
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }
}

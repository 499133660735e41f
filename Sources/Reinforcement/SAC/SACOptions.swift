import Foundation

extension SAC {
    /// SAC's settings; the defaults are the setup of DSRL (Wagenmaker et al. 2025), which
    /// runs Stable-Baselines3's SAC on the diffusion policy's latent noise.
    public struct Options: Codable, Hashable, Sendable {
        /// Adam's step size for the actor, the critics and log alpha (Adam without weight decay).
        public var learningRate = 3e-4
        /// Transitions per gradient step.
        public var batchSize = 256
        /// Polyak rate of the target critics: `target <- (1 - tau) target + tau critic`.
        public var tau = 0.005
        /// The per-step discount `gamma`. The update reads each transition's own discount
        /// from the replay buffer; collectors form it with `transitionDiscount`.
        public var discount = 0.99
        /// The entropy temperature alpha at the start (SB3's `ent_coef = "auto_1.0"`).
        public var initialAlpha = 1.0
        /// The entropy the temperature steers toward; nil means `-actionSize` (SB3's "auto").
        public var targetEntropy: Double? = nil
        /// The lowest alpha (log alpha is clamped after each temperature update; 0: none).
        ///
        /// The default, 1e-3, leaves the algorithm unchanged while alpha matters (rewards of
        /// order 1 weigh entropy at 1e-3 not at all) but bounds log alpha below by -6.9:
        /// when the policy's entropy stays above the target, the temperature loss keeps
        /// pushing log alpha down without limit, and climbing back from -20 at a step of
        /// about `learningRate` per update would take tens of thousands of steps. The DSRL
        /// notes warn that success can dip once alpha falls below about 0.1; configs that
        /// see this set `alphaFloor: 0.1`.
        public var alphaFloor = 1e-3
        /// Hidden width of the actor and critics.
        public var width = 256
        /// `Linear -> LayerNorm -> ReLU` blocks before each network's linear head.
        public var hiddenLayers = 3
        /// The squash bound b: actions are `b * tanh(u)`. In DSRL the action is the
        /// diffusion policy's initial noise, and this is its noise bound.
        public var actionBound = 1.5
        /// Transitions the replay buffer keeps; nil keeps the whole run (DSRL's setup).
        public var replayCapacity: Int? = nil

        public init() {}

        /// The target entropy for `actionSize`-dimensional actions.
        public func resolvedTargetEntropy(actionSize: Int) -> Double {
            targetEntropy ?? -Double(actionSize)
        }

        /// The replay buffer's capacity for a run of `totalTransitions` transitions.
        public func resolvedReplayCapacity(totalTransitions: Int) -> Int {
            max(1, replayCapacity ?? totalTransitions)
        }

        /// The discount-or-done `d` of a transition spanning `steps` environment steps:
        /// 0 if it ends in a terminal state, else `discount^steps`.
        public func transitionDiscount(steps: Int = 1, terminal: Bool) -> Float {
            terminal ? 0 : Float(Foundation.pow(discount, Double(steps)))
        }

        /// Checks every option; the error names the key.
        public func validate() throws(ReinforcementError) {
            guard actionBound > 0, actionBound.isFinite else {
                throw .invalid(key: "actionBound", "the squash (noise) bound must be positive, got \(actionBound)")
            }
            guard learningRate > 0, learningRate.isFinite else {
                throw .invalid(key: "learningRate", "must be positive, got \(learningRate)")
            }
            guard batchSize >= 1 else { throw .invalid(key: "batchSize", "must be at least 1, got \(batchSize)") }
            guard tau > 0, tau <= 1 else { throw .invalid(key: "tau", "must be in (0, 1], got \(tau)") }
            guard discount >= 0, discount <= 1 else {
                throw .invalid(key: "discount", "must be in [0, 1], got \(discount)")
            }
            guard initialAlpha > 0, initialAlpha.isFinite else {
                throw .invalid(key: "initialAlpha", "must be positive, got \(initialAlpha)")
            }
            guard alphaFloor >= 0, alphaFloor <= initialAlpha else {
                throw .invalid(key: "alphaFloor", "must be in [0, initialAlpha = \(initialAlpha)], got \(alphaFloor)")
            }
            if let targetEntropy, !targetEntropy.isFinite {
                throw .invalid(key: "targetEntropy", "must be a finite number, got \(targetEntropy)")
            }
            guard width >= 1 else { throw .invalid(key: "width", "must be at least 1, got \(width)") }
            guard hiddenLayers >= 1 else { throw .invalid(key: "hiddenLayers", "must be at least 1, got \(hiddenLayers)") }
            if let replayCapacity, replayCapacity < 1 {
                throw .invalid(key: "replayCapacity", "must be at least 1 (or absent for the whole run), got \(replayCapacity)")
            }
        }
    }
}

/// How a DSRL agent's action becomes a chunk's initial noise.
///
/// The base policy's noise is a chunk of `horizon` steps of `actionSize` numbers (row-major
/// by step). The agent chooses `steps` of them, each held over a contiguous run of the
/// horizon: step `t` of the noise is the agent's step `t * steps / horizon`. With
/// `steps == horizon` (the default) the agent's action is the whole noise, as in DSRL; with
/// fewer the agent searches a smaller space (`steps * actionSize` numbers) of noises that
/// the base policy maps to smooth, distinct chunks. A held value keeps its magnitude, so a
/// latent drawn from `N(0, I)` gives noise whose entries are `N(0, 1)` each.
public struct NoiseLatent: Hashable, Sendable {
    /// Steps `H` of the base policy's chunk.
    public let horizon: Int
    /// Numbers per step `D`.
    public let actionSize: Int
    /// Distinct steps the agent chooses, `1...horizon`.
    public let steps: Int

    public init(horizon: Int, actionSize: Int, steps: Int? = nil) {
        let steps = steps ?? horizon
        precondition((1...horizon).contains(steps), "latent steps must be in 1...horizon")
        self.horizon = horizon
        self.actionSize = actionSize
        self.steps = steps
    }

    /// Floats of one agent action.
    public var size: Int { steps * actionSize }
    /// Floats of one chunk's noise.
    public var noiseSize: Int { horizon * actionSize }

    /// Writes the noise of one agent action `latent` (`size` floats) to `noise` (`noiseSize` floats).
    public func expand(_ latent: UnsafePointer<Float>, into noise: UnsafeMutablePointer<Float>) {
        let d = actionSize
        for t in 0..<horizon {
            (noise + t * d).update(from: latent + (t * steps / horizon) * d, count: d)
        }
    }
}

import NeuralNet

/// What turns a frozen base policy into a fine-tuned one at rollout time: DSRL chooses
/// each chunk's initial noise from the observation histories; residual RL adds a bounded
/// correction to the planned actions. A steered policy is the base policy plus one of
/// these, and runs wherever a policy runs (evaluation, rendering, the viewer).
public struct PolicySteering {
    /// The initial noise of a replan (normalised, `batch x H*D`) for the slots in
    /// `planning`, from the controller's observation histories.
    public var noise: ((ChunkController, [Bool]) throws -> Matrix)?
    /// Adds a correction to the planned actions (task units) of the slots in `planning`.
    public var residual: ((ChunkController, [Bool], inout [[[Double]]]) throws -> Void)?

    public init(noise: ((ChunkController, [Bool]) throws -> Matrix)? = nil,
                residual: ((ChunkController, [Bool], inout [[[Double]]]) throws -> Void)? = nil) {
        self.noise = noise
        self.residual = residual
    }
}

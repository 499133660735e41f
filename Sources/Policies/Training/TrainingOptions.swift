/// Optimisation settings of behaviour cloning (Diffusion Policy's defaults where it has them).
public struct TrainingOptions: Sendable, Hashable, Codable {
    public var steps = 20_000
    public var batchSize = 256
    public var learningRate = 1e-4
    public var weightDecay = 1e-6
    public var warmupSteps = 500
    /// Global gradient-norm clip (0 disables it).
    public var gradientClip = 10.0
    /// EMA decay ramp `1 - (1 + step)^-power`, capped at `emaMaxDecay`.
    public var emaPower = 0.75
    public var emaMaxDecay = 0.9999
    public var target = TrainingSet.Target.expertChunk

    public init() {}
}

import Foundation
import NeuralNet

/// The reference SAC of the benchmark spec, for timing: observation 10, action 32, actor
/// and twin critics of 3 hidden `Linear -> LayerNorm -> ReLU` layers of width 256, batch
/// 256, Adam 3e-4, tau 0.005 (PyTorch on the development machine: 37.6 gradient steps/s
/// with 1 thread, 56.2 with 2).
public enum SACBenchmark {
    public static let observationSize = 10
    public static let actionSize = 32

    /// The reference SAC and a replay buffer of `transitions` random transitions
    /// (observations and rewards uniform in [-1, 1), actions in the squash bound, d = 0.99).
    public static func makeReference(seed: UInt64 = 0, transitions: Int = 10_000) throws -> (sac: SAC, buffer: ReplayBuffer) {
        let sac = try SAC(observationSize: observationSize, actionSize: actionSize, options: SAC.Options(), seed: seed)
        let buffer = ReplayBuffer(capacity: transitions, observationSize: observationSize, actionSize: actionSize)
        var random = RandomSource(seed: SeedDomain.rlActing.seed(seed))
        let o = Matrix(rows: transitions, columns: observationSize)
        let next = Matrix(rows: transitions, columns: observationSize)
        let a = Matrix(rows: transitions, columns: actionSize)
        random.fillUniform(o, -1, 1)
        random.fillUniform(next, -1, 1)
        let bound = Float(sac.options.actionBound)
        random.fillUniform(a, -bound, bound)
        let rewards = (0..<transitions).map { _ in random.uniform(-1, 1) }
        buffer.append(observations: o, actions: a, rewards: rewards, nextObservations: next,
                      discounts: [Float](repeating: 0.99, count: transitions))
        return (sac, buffer)
    }

    /// Builds the reference SAC, runs `warmup` untimed gradient steps, then times `steps`
    /// more with the current `BLAS.threadCount` and `SAC.threads = threads`. Returns
    /// gradient steps per second.
    public static func referenceStepsPerSecond(steps: Int, warmup: Int = 3, threads: Int = 1,
                                               seed: UInt64 = 0) throws -> Double {
        let (sac, buffer) = try makeReference(seed: seed)
        sac.threads = threads
        var generator = RandomSource(seed: SeedDomain.rlUpdates.seed(seed))
        for _ in 0..<warmup { try sac.gradientStep(buffer: buffer, generator: &generator) }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<steps { try sac.gradientStep(buffer: buffer, generator: &generator) }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Double(steps) / seconds
    }
}

import NeuralNet
import Policies

/// The `nn` group's profile of a whole behaviour-cloning step: the trainer users run
/// (`BehaviourCloning`) on a policy whose denoiser is the reference network (chunk
/// 16 x 2, observation history 2 x 5 = 10 floats, width 512, 3 blocks, epsilon target;
/// as every policy's, its FiLM also reads the observation: 10 more inputs per block),
/// batch 256, on synthetic pairs. Besides forward, backward and AdamW (what
/// `train_samples_per_s_b256` times, as PyTorch's figure does) a step draws its batch and
/// noise, clips the gradient norm and updates the EMA. With 2 threads the step is the
/// data-parallel one users get (`BehaviourCloning.threads`).
enum TrainingProfileBenchmark {
    static let batch = 256

    /// Reports `bc_train_samples_per_s_b256` and each phase's fraction of a step.
    static func run(threads: Int, quick: Bool, report: (BenchmarkFigure) -> Void) throws {
        let trainer = try makeTrainer()
        trainer.threads = threads
        let warmup = 3, steps = quick ? 9 : 31
        for _ in 0..<warmup { trainer.trainStep() }
        // The median step for the throughput (as every figure); the phases summed over
        // the same steps for the fractions.
        trainer.profile = TrainingStepProfile()
        let step = Stopwatch.median(repeats: steps, warmup: 0) { trainer.trainStep() }
        guard let profile = trainer.profile else { return }
        report(BenchmarkFigure(name: "bc_train_samples_per_s_b256", value: Double(batch) / step, unit: "samples/s",
                               medianOf: steps, threads: threads,
                               note: "BehaviourCloning step: batch, noise, forward, backward, clip, AdamW, EMA"))
        if threads >= 2 { try compareWithThreadedBLAS(trainer, steps: steps, threads: threads, report: report) }
        for phase in TrainingStepProfile.Phase.allCases {
            let milliseconds = profile[phase] / Double(profile.steps) * 1e3
            report(BenchmarkFigure(name: "train_profile_\(phase.rawValue)", value: profile[phase] / profile.total,
                                   unit: "fraction", medianOf: profile.steps, threads: threads,
                                   note: "mean " + format(milliseconds) + " ms a step"))
        }
    }

    /// The data-parallel step (`BehaviourCloning.threads = 2`) against the one-thread step
    /// with OpenBLAS's threads splitting each product, alternating in short blocks so that the machine's drift (it
    /// moves by 10-20 % from minute to minute on shared machines) hits both alike.
    private static func compareWithThreadedBLAS(_ split: BehaviourCloning, steps: Int, threads: Int,
                                                report: (BenchmarkFigure) -> Void) throws {
        let threaded = try makeTrainer()
        for _ in 0..<3 { threaded.trainStep() }
        var splitTimes: [Double] = [], threadedTimes: [Double] = []
        // Blocks of steps, the first two of each untimed: OpenBLAS's threads spin for a
        // while after a threaded product and would slow the other step's first steps.
        for _ in 0..<max(2, steps / 4) {
            for (trainer, index) in [(split, 0), (threaded, 1)] {
                for i in 0..<6 {
                    let start = Stopwatch.now()
                    trainer.trainStep()
                    if i >= 2 {
                        if index == 0 { splitTimes.append(Stopwatch.now() - start) } else { threadedTimes.append(Stopwatch.now() - start) }
                    }
                }
            }
        }
        func median(_ times: [Double]) -> Double { times.sorted()[times.count / 2] }
        report(BenchmarkFigure(name: "bc_train_data_parallel_speedup", value: median(threadedTimes) / median(splitTimes),
                               unit: "x", medianOf: splitTimes.count, threads: threads,
                               note: "data-parallel step against threaded BLAS, alternating blocks"))
    }

    private static func format(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    private static func makeTrainer() throws -> BehaviourCloning {
        var configuration = PolicyConfiguration()
        configuration.prediction = .epsilon
        let observationSize = 5, actionSize = 2
        var random = RandomSource(seed: 0)
        let policy = try Policy(
            configuration: configuration, observationSize: observationSize, actionSize: actionSize,
            observationNormalizer: Normalizer(minimum: .init(repeating: -1, count: observationSize),
                                              maximum: .init(repeating: 1, count: observationSize)),
            actionNormalizer: Normalizer(minimum: .init(repeating: -1, count: actionSize),
                                         maximum: .init(repeating: 1, count: actionSize)),
            random: &random)
        let pairs = 10_000
        let conditions = (0..<(pairs * policy.conditionSize)).map { _ in random.uniform(-1, 1) }
        let targets = (0..<(pairs * policy.chunkSize)).map { _ in random.uniform(-1, 1) }
        let data = TrainingSet(conditions: conditions, targets: targets, conditionSize: policy.conditionSize,
                               chunkSize: policy.chunkSize)
        var options = TrainingOptions()
        options.batchSize = batch
        return BehaviourCloning(policy: policy, data: data, options: options, seed: 1)
    }
}

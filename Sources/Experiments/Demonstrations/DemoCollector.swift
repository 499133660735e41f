import Dispatch
import Foundation
import Synchronization
import Tasks

/// Collects expert demonstrations in parallel over episodes.
///
/// Episode `i` draws everything from its own generator seeded by `(seed, i)`, so the
/// dataset is the same for any thread count; episodes are appended in index order.
public struct DemoCollector: Sendable {
    /// Runs episode `index` with the given generator and returns it.
    public typealias EpisodeRunner = @Sendable (_ index: Int, _ generator: inout EpisodeGenerator) throws -> ExpertEpisode

    public var episodes: Int
    public var seed: UInt64
    public var threads: Int
    /// Keep failed episodes too (off: only successes are kept).
    public var keepFailures: Bool

    public init(episodes: Int, seed: UInt64, threads: Int, keepFailures: Bool = false) {
        self.episodes = episodes
        self.seed = seed
        self.threads = max(1, threads)
        self.keepFailures = keepFailures
    }

    /// What collection produced, every episode included (kept or not).
    public struct Outcome: Sendable {
        public var dataset: DemonstrationDataset
        public var all: [ExpertEpisode]
        public var seconds: Double

        public var successes: Int { all.filter(\.success).count }
    }

    /// Runs all episodes; `progress(done, successes)` is called after each one (from
    /// any thread, serialised).
    public func collect(into template: DemonstrationDataset, run: EpisodeRunner,
                        progress: @Sendable (Int, Int) -> Void = { _, _ in }) throws -> Outcome {
        let start = Stopwatch.now()
        let results = Mutex([ExpertEpisode?](repeating: nil, count: episodes))
        let counters = Mutex((done: 0, successes: 0, error: String?.none))
        let next = Atomic<Int>(0)
        let seed = self.seed
        DispatchQueue.concurrentPerform(iterations: min(threads, max(episodes, 1))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < episodes else { return }
                var generator = EpisodeGenerator(seed: seed, episode: index)
                do {
                    let episode = try run(index, &generator)
                    results.withLock { $0[index] = episode }
                    let (done, successes) = counters.withLock { c -> (Int, Int) in
                        c.done += 1
                        if episode.success { c.successes += 1 }
                        return (c.done, c.successes)
                    }
                    progress(done, successes)
                } catch {
                    let message = String(describing: error)
                    counters.withLock { if $0.error == nil { $0.error = "episode \(index): \(message)" } }
                    return
                }
            }
        }
        if let message = counters.withLock({ $0.error }) { throw UserFacingError(message) }
        let all = results.withLock { $0.map { $0! } }
        var dataset = template
        for episode in all where episode.success || keepFailures { dataset.append(episode) }
        return Outcome(dataset: dataset, all: all, seconds: Stopwatch.now() - start)
    }
}

/// The per-episode generator: SplitMix64 over a state derived from (seed, episode).
///
/// Kept here rather than taken from `NeuralNet` so that a dataset's episodes depend
/// only on this documented recipe.
public struct EpisodeGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64, episode: Int) {
        var mixer = seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: episode) &* 0xD1B5_4A32_D192_ED03
        state = 0
        state = Self.mix(&mixer)
    }

    public mutating func next() -> UInt64 { Self.mix(&state) }

    private static func mix(_ s: inout UInt64) -> UInt64 {
        s &+= 0x9E37_79B9_7F4A_7C15
        var z = s
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

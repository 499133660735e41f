import Dispatch
import Foundation
import Synchronization
import NeuralNet
import Tasks

/// Collects expert demonstrations in parallel over episodes.
///
/// Episode `i` draws everything from its own generator seeded by `(seed, i)`, so the
/// dataset is the same for any thread count; episodes are appended in index order.
public struct DemoCollector: Sendable {
    /// Runs episode `index` with the given generator and returns it.
    public typealias EpisodeRunner = @Sendable (_ index: Int, _ generator: inout RandomSource) throws -> ExpertEpisode

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
                var generator = RandomSource(seed: SeedDomain.demonstrationEpisode.seed(seed, index: index))
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

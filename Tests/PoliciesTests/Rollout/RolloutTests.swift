import NeuralNet
import Testing
import Tasks
@testable import Policies

/// Records everything the engine reports, in order.
struct RolloutJournal: RolloutObserver {
    typealias Env = ReachEnvironment
    var events: [String] = []
    /// Per episode: its slot, observations seen, actions executed, final success.
    var observations: [Int: [[Double]]] = [:]
    var actions: [Int: [[Double]]] = [:]
    var running: [Int: Int] = [:]
    var lengths: [Int: Int] = [:]
    var maxRunning = 0

    mutating func begin(episode: Int, slot: Int, seeds: EpisodeSeeds, environment: ReachEnvironment, observation: [Double]) {
        #expect(running[slot] == nil, "slot \(slot) started episode \(episode) while running \(running[slot]!)")
        running[slot] = episode
        observations[episode] = [observation]
        events.append("begin \(episode)")
        maxRunning = max(maxRunning, running.count)
    }

    mutating func stepped(slot: Int, environment: ReachEnvironment, action: [Double], result: StepResult) {
        let episode = running[slot]!
        observations[episode]!.append(result.observation)
        actions[episode, default: []].append(action)
    }

    mutating func end(episode: Int, slot: Int, environment: ReachEnvironment, result: StepResult) {
        #expect(running[slot] == episode)
        running[slot] = nil
        lengths[episode] = environment.stepIndex
        events.append("end \(episode)")
    }
}

@Suite struct RolloutTests {
    /// Reach with a short step limit, so that episodes end often.
    static func task(maxSteps: Int = 12) throws -> ReachTask {
        var scene = ReachScene()
        scene.maxSteps = maxSteps
        return try ReachTask(scene: scene)
    }

    static func seeds(_ index: Int) -> EpisodeSeeds {
        EpisodeSeeds(environment: SeedDomain.evaluationEpisode.seed(5, index: index), noise: UInt64(index) &* 31 &+ 7)
    }

    static func journal(batchSize: Int, threads: Int, episodes: Int = 9) throws -> (RolloutJournal, RolloutStatistics) {
        let task = try task()
        let policy = try tinyPolicy(family: .diffusion, observationSize: task.observationSize, actionSize: task.actionSize)
        let rollout = try Rollout(task: task, policy: policy, sampler: .ddim(3), batchSize: batchSize, seed: 1, threads: threads)
        var journal = RolloutJournal()
        let statistics = try rollout.run(episodes: episodes, seeds: seeds, observer: &journal)
        return (journal, statistics)
    }

    @Test func everyEpisodeRunsOnceToItsEnd() throws {
        let (journal, statistics) = try Self.journal(batchSize: 4, threads: 2)
        #expect(statistics.episodes == 9)
        #expect(Set(journal.lengths.keys) == Set(0..<9))
        #expect(journal.lengths.values.allSatisfy { $0 == 12 })  // the untrained arm never reaches: truncation
        #expect(statistics.steps == 9 * 12)
        #expect(journal.maxRunning == 4)
        #expect(journal.running.isEmpty)
        // Episodes are handed out in index order.
        let begins = journal.events.filter { $0.hasPrefix("begin") }
        #expect(begins == (0..<9).map { "begin \($0)" })
    }

    @Test func outcomesDoNotDependOnThreadsOrOtherEpisodes() throws {
        let (reference, _) = try Self.journal(batchSize: 4, threads: 1)
        let (threaded, _) = try Self.journal(batchSize: 4, threads: 2)
        #expect(threaded.observations == reference.observations)
        #expect(threaded.actions == reference.actions)
        // Fewer episodes: the first five keep their rows and their neighbours change.
        let (fewer, _) = try Self.journal(batchSize: 4, threads: 2, episodes: 5)
        for episode in 0..<5 {
            #expect(fewer.observations[episode] == reference.observations[episode], "episode \(episode)")
        }
    }

    /// Another batch size changes BLAS's blocking, hence the last bits of the chunks, not
    /// the behaviour.
    @Test func otherBatchSizesAgreeToFloatRounding() throws {
        let (reference, _) = try Self.journal(batchSize: 4, threads: 1)
        for batch in [2, 3, 9] {
            let (other, _) = try Self.journal(batchSize: batch, threads: 2)
            for episode in 0..<9 {
                let a = reference.actions[episode]!.joined(), b = other.actions[episode]!.joined()
                let difference = zip(a, b).map { abs($0 - $1) }.max()!
                #expect(difference < 1e-3, "batch \(batch), episode \(episode): actions differ by \(difference)")
            }
        }
    }

    /// A finished slot starts its next episode at the next replan: with Ta = 2 and
    /// episodes of 12 steps, slots never wait for a whole wave.
    @Test func finishedSlotsStartTheNextEpisodeAtTheNextReplan() throws {
        let (_, statistics) = try Self.journal(batchSize: 4, threads: 1, episodes: 9)
        // 9 episodes on 4 slots, 12 steps each, replanning every 2 steps: the last
        // episode runs alone (3 slots idle for 12 steps); nothing else is idle.
        #expect(statistics.idleSlotSteps == 3 * 12)
        #expect(statistics.replans == 3 * 12 / 2)
    }

    @Test func callerNoiseGivesTheSameChunkAsTheSameNoiseDrawnInside() throws {
        let policy = try tinyPolicy(family: .flow)
        let inside = try ChunkController(policy: policy, sampler: .euler(4), batchSize: 2, seed: 3)
        let outside = try ChunkController(policy: policy, sampler: .euler(4), batchSize: 2, seed: 3)
        for controller in [inside, outside] {
            controller.reset(slot: 0, observation: [0.1, 0.2, 0.3], noiseSeed: 11)
            controller.reset(slot: 1, observation: [0.4, -0.2, 0.0], noiseSeed: 12)
        }
        // The noise the controller draws for each slot: its episode stream's first gaussians.
        let noise = Matrix(rows: 2, columns: policy.chunkSize)
        for (slot, seed) in [(0, UInt64(11)), (1, 12)] {
            var stream = RandomSource(seed: seed)
            for i in 0..<policy.chunkSize { noise.row(slot)[i] = Float(stream.gaussian()) }
        }
        let drawn = inside.plan(active: [true, true])
        #expect(outside.plan(active: [true, true], noise: noise) == drawn)
        // Other noise, other chunk.
        for i in 0..<policy.chunkSize { noise.row(0)[i] = 2 }
        #expect(outside.plan(active: [true, false], noise: noise)[0] != drawn[0])
    }
}

import NeuralNet
import Testing
@testable import Experiments

/// The bookkeeping of `pushforward steerability`: which episode runs which state and
/// noise stream, and the best-of-k counts.
struct SteerabilityTests {
    @Test("stream 0 is eval's own episode; other streams keep the state and change the noise")
    func seedsOfStreams() {
        let options = EvaluationOptions()
        let states = 5
        var noises = Set<UInt64>()
        for stream in 0..<4 {
            for state in 0..<states {
                let seeds = SteerabilityRun.seeds(episode: stream * states + state, states: states, options: options)
                #expect(seeds.environment == options.episodeSeeds(state).environment)
                if stream == 0 { #expect(seeds == options.episodeSeeds(state)) }
                noises.insert(seeds.noise)
            }
        }
        #expect(noises.count == 4 * states, "every (state, stream) pair has its own noise stream")
    }

    @Test("best of k counts the states any of the first k streams solves, at powers of two and the last k")
    func bestOfCounts() {
        // 3 states x 6 streams: state 0 solved by stream 0, state 1 first by stream 2, state 2 never.
        var perStream = Array(repeating: [false, false, false], count: 6)
        perStream[0][0] = true
        perStream[2][1] = true
        perStream[5][0] = true
        #expect(SteerabilityReport.bestOf(perStream) == [1: 1, 2: 1, 4: 2, 6: 2])
        let report = SteerabilityReport(states: 3, samples: 6, seed: 0, sampler: "ddim10", checkpointStep: 0,
                                        successesPerState: [2, 1, 0], baseSuccesses: 1,
                                        bestOf: SteerabilityReport.bestOf(perStream), seconds: 0)
        #expect(report.hopeless == 1 && report.safe == 0)
        #expect(abs(report.gainPoints - 100.0 / 3) < 1e-9)
        #expect(abs(report.meanRate - 3.0 / 18) < 1e-12)
    }
}

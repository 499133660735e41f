import NeuralNet
import Testing
import Tasks
@testable import Policies
@testable import Reinforcement

/// The agent's latent action against the chunk's initial noise.
@Suite struct NoiseLatentTests {
    static func expand(_ latent: NoiseLatent, _ values: [Float]) -> [Float] {
        var noise = [Float](repeating: .nan, count: latent.noiseSize)
        values.withUnsafeBufferPointer { v in
            noise.withUnsafeMutableBufferPointer { latent.expand(v.baseAddress!, into: $0.baseAddress!) }
        }
        return noise
    }

    @Test func theWholeHorizonIsTheNoiseItself() {
        let latent = NoiseLatent(horizon: 5, actionSize: 3)
        #expect(latent.size == 15 && latent.noiseSize == 15)
        let values = (0..<15).map { Float($0) * 0.5 - 3 }
        #expect(Self.expand(latent, values) == values)
    }

    /// Step `t` of the noise is the agent's step `t * k / H`: contiguous, nearly equal runs
    /// that cover the horizon, each holding all `D` numbers of its agent step.
    @Test(arguments: [1, 2, 3, 4, 7, 8])
    func heldStepsCoverTheHorizonInOrder(steps: Int) {
        let latent = NoiseLatent(horizon: 8, actionSize: 2, steps: steps)
        #expect(latent.size == steps * 2)
        let values = (0..<latent.size).map { Float($0 + 1) }
        let noise = Self.expand(latent, values)
        var runs: [Int: Int] = [:]
        var previous = -1
        for t in 0..<8 {
            let s = Int(noise[2 * t]) / 2  // the agent step this noise step holds
            #expect(noise[2 * t] == values[2 * s] && noise[2 * t + 1] == values[2 * s + 1], "step \(t)")
            #expect(s == previous || s == previous + 1, "contiguous, in order")
            previous = s
            runs[s, default: 0] += 1
        }
        #expect(runs.count == steps, "every agent step is used")
        #expect(runs.values.max()! - runs.values.min()! <= 1, "runs of nearly equal length")
    }

    /// A DSRL agent with one latent step acts with `D` numbers, and the noise the base
    /// policy samples from holds them over the whole chunk, in training and evaluation.
    @Test func anAgentWithOneLatentStepHoldsItsNoiseOverTheChunk() throws {
        let task = try ReachTask(scene: ReachScene())
        let base = try SteeringCollectorTests.base(task: task)
        var options = SAC.Options()
        options.batchSize = 8
        options.width = 8
        options.hiddenLayers = 1
        let agent = try SteeringAgent(kind: .noise, base: base, options: options, capacity: 100, warmupSteps: 0,
                                      updatesPerTransition: 0, latentSteps: 1, seed: 9)
        #expect(agent.actionSize == base.actionSize)
        let controller = try ChunkController(policy: base, sampler: .ddim(3), batchSize: 2, seed: 1)
        controller.reset(slot: 0, observation: [0.1, 0.2, 0, 0, 300, 200], noiseSeed: 1)
        controller.reset(slot: 1, observation: [-0.3, 1.2, 0, 0, 200, 300], noiseSeed: 2)
        var collector = SteeringCollector<ReachEnvironment>(agent: agent, batchSize: 2)
        let explored = try #require(try collector.initialNoise(planning: [true, true], controller: controller))
        let evaluated = try agent.steering().noise!(controller, [true, true])
        for noise in [explored, evaluated] {
            #expect(noise.columns == base.chunkSize)
            for slot in 0..<2 {
                let row = Array(UnsafeBufferPointer(start: noise.row(slot), count: base.chunkSize))
                for t in 1..<base.configuration.predictionHorizon {
                    #expect(Array(row[(t * 2)..<(t * 2 + 2)]) == Array(row[0..<2]))
                }
                #expect(row[0] != row[1] && row.allSatisfy { abs($0) <= 1.5 })
            }
        }
    }
}

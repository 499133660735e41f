import Foundation
import NeuralNet
import Physics2D
import Policies
import Tasks
import Testing
@testable import Experiments

/// The live viewer's session without a window: who drives, the clock, the keys, the
/// chunks it draws, and teleoperated recording.
@Suite struct ViewSessionTests {
    static let pushT = try! PushTTask(scene: PushTScene())

    /// A random-weight diffusion policy for Push-T's state observation (actions 0...512).
    static func tinyPolicy(seed: UInt64 = 7) throws -> Policy {
        var c = PolicyConfiguration()
        c.width = 32
        c.blocks = 1
        c.timeEmbedding = 8
        c.timeHidden = 16
        c.predictionHorizon = 8
        c.actionHorizon = 4
        c.diffusionSteps = 20
        var g = RandomSource(seed: seed)
        return try Policy(configuration: c, observationSize: 5, actionSize: 2,
                          observationNormalizer: Normalizer(minimum: [0, 0, 0, 0, -4], maximum: [512, 512, 512, 512, 4]),
                          actionNormalizer: Normalizer(minimum: [0, 0], maximum: [512, 512]), random: &g)
    }

    static func options(_ overrides: [String] = []) throws -> ViewOptions { try ViewOptions.parse(overrides) }

    static func policySource(_ policy: Policy, steering: PolicySteering? = nil) -> ViewSource {
        ViewSource(name: "test", task: pushT, policy: policy, sampler: .ddim(4),
                   chunkSource: steering.map { .steered($0) } ?? .policy)
    }

    @Test func theExpertDrivesASceneFromTheEvaluationSeeds() throws {
        let options = try Self.options(["seed=11", "episode=2"])
        let session = try ViewSession(task: Self.pushT, source: try ViewSource.open("pusht", options: options), options: options)
        #expect(session.driver == .expert)
        for _ in 0..<5 { try session.step() }
        // The same episode by hand: evaluation's reset seed, the teacher's first action.
        var evaluation = EvaluationOptions()
        evaluation.seed = 11
        var generator = RandomSource(seed: evaluation.episodeSeeds(2).environment)
        var environment = Self.pushT.makeEnvironment()
        _ = try environment.reset(using: &generator)
        for _ in 0..<5 { _ = try environment.step(Self.pushT.teach(environment)[0]) }
        #expect(session.environment.observation() == environment.observation())
        #expect(session.environment.stepIndex == 5)
        let traces = session.traces()
        #expect(traces.count == 1 && traces[0].role == .chosen && traces[0].points.count == Self.pushT.expertHorizon)
    }

    @Test func theClockStepsAtTheControlRateTimesTheSpeed() throws {
        for (speed, seconds, steps) in [(1.0, 0.35, 3), (2.0, 0.75, 15), (0.5, 1.0, 5)] {
            let options = try Self.options(["speed=\(speed)"])
            let session = try ViewSession(task: Self.pushT, source: try ViewSource.open("pusht", options: options), options: options)
            // In frames of a 60 Hz display, as the window calls it.
            for _ in 0..<Int((seconds * 60).rounded()) { try session.advance(by: 1.0 / 60) }
            #expect(abs(session.environment.stepIndex - steps) <= 1, "speed \(speed): \(session.environment.stepIndex) steps")
        }
    }

    @Test func pauseSingleStepResetAndNextSeed() throws {
        let options = try Self.options()
        let session = try ViewSession(task: Self.pushT, source: try ViewSource.open("pusht", options: options), options: options)
        let start = session.environment.observation()
        try session.apply(.pause)
        try session.advance(by: 1)
        #expect(session.environment.stepIndex == 0)
        try session.apply(.singleStep)
        try session.apply(.singleStep)
        #expect(session.environment.stepIndex == 2 && session.paused)
        try session.apply(.reset)
        #expect(session.environment.stepIndex == 0 && session.environment.observation() == start)
        try session.apply(.nextSeed)
        #expect(session.episode == 1 && session.environment.observation() != start)
        #expect(try session.apply(.quit) == false)
        try session.apply(.help)
        #expect(session.showsHelp)
    }

    @Test func keysWithoutTheirFeatureSaySo() throws {
        let options = try Self.options()
        let session = try ViewSession(task: Self.pushT, source: try ViewSource.open("pusht", options: options), options: options)
        try session.apply(.toggleSteering)
        #expect(session.message.contains("no steering"))
        try session.apply(.weightUp)
        #expect(session.message.contains("no composition"))
        try session.apply(.switchSampler)
        #expect(session.message.contains("no policy"))
        #expect(session.headsUp.last == session.message)
    }

    @Test func oneSampleReplaysTheRolloutEngineExactly() throws {
        let policy = try Self.tinyPolicy()
        let options = try Self.options(["samples=1", "seed=5"])
        let session = try ViewSession(task: Self.pushT, source: Self.policySource(policy), options: options)
        #expect(session.driver == .policy)
        for _ in 0..<12 { try session.step() }

        // The rollout engine on the same episode (evaluation's seeds, one slot).
        struct Actions: RolloutObserver {
            typealias Env = PushTEnvironment
            var actions: [[Double]] = []
            mutating func stepped(slot: Int, environment: PushTEnvironment, action: [Double], result: StepResult) throws {
                actions.append(action)
            }
        }
        var evaluation = EvaluationOptions()
        evaluation.seed = 5
        let rollout = try Rollout(task: Self.pushT, policy: policy, sampler: .ddim(4), batchSize: 1, seed: 5, threads: 1)
        var observer = Actions()
        try rollout.run(episodes: 1, seeds: evaluation.episodeSeeds, observer: &observer)
        #expect(session.lastAction == observer.actions[11])
        #expect(session.replanLatencies.count == 3)
    }

    @Test func samplesSpreadAndTheExecutedPartIsDrawn() throws {
        let options = try Self.options(["samples=8"])
        let session = try ViewSession(task: Self.pushT, source: Self.policySource(try Self.tinyPolicy()), options: options)
        try session.step()
        let traces = session.traces()
        #expect(traces.filter { $0.role == .sample }.count == 7)
        #expect(traces.filter { $0.role == .chosen }.count == 1)
        let executed = try #require(traces.first { $0.role == .executed })
        #expect(executed.points.count == 4)  // Ta actions, the first being executed now
        let samples = traces.filter { $0.role == .sample }.map(\.points)
        #expect(Set(samples.map { "\($0)" }).count == samples.count, "every sample has its own noise")
        // The frame is the task's own frame with the chunks on top.
        let plain = Self.pushT.drawList(session.environment, action: session.lastAction,
                                        contacts: (session.lastResult?.info.contactPoints ?? []).map { Vec2($0.0, $0.1) })
        let frame = session.frame()
        #expect(Array(frame.commands.prefix(plain.commands.count)) == plain.commands)
        #expect(frame.commands.count == plain.commands.count + traces.count)
        let bare = try ViewSession(task: Self.pushT, source: Self.policySource(try Self.tinyPolicy()),
                                   options: try Self.options(["chunks=false"]))
        try bare.step()
        #expect(bare.frame().commands.count == Self.pushT.drawList(bare.environment, action: bare.lastAction,
            contacts: (bare.lastResult?.info.contactPoints ?? []).map { Vec2($0.0, $0.1) }).commands.count)
    }

    @Test func steeringToggleSwitchesBetweenTheSteeredAndTheBaseChunk() throws {
        let policy = try Self.tinyPolicy()
        // A stand-in for DSRL's actor: always the zero latent noise.
        let steering = PolicySteering(noise: { controller, _ in Matrix(rows: 1, columns: controller.policy.chunkSize) })
        let session = try ViewSession(task: Self.pushT, source: Self.policySource(policy, steering: steering),
                                      options: try Self.options(["samples=3"]))
        try session.step()
        let steered = try #require(session.lastAction)
        #expect(session.traces().contains { $0.role == .base })
        #expect(session.headsUp[1].contains("dsrl on"))
        try session.apply(.toggleSteering)
        #expect(session.message == "steering off (base policy)")
        try session.step()
        #expect(session.traces().contains { $0.role == .steered } && !session.traces().contains { $0.role == .base })
        #expect(session.lastAction != steered)
        // The sampler list of a steered run leaves out stochastic DDPM and warm-started RTI.
        try session.apply(.switchSampler)
        #expect(session.message == "sampler dpmsolver4")
        try session.apply(.switchSampler)
        #expect(session.message == "sampler ddim4")
    }

    /// A composed policy: `[` and `]` move parent 1's weight by 0.1 within [0, 1]; at
    /// weight 1 the executed actions are parent 1's own.
    @Test func compositionKeysMoveTheWeight() throws {
        let (a, b) = (try Self.tinyPolicy(seed: 7), try Self.tinyPolicy(seed: 8))
        let composed = Policy(composing: try Composition(parents: [a, b], weights: [0.8, 0.2]))
        let source = ViewSource(name: "test", task: Self.pushT, policy: composed, sampler: .ddim(4),
                                chunkSource: .composed([a, b]))
        let session = try ViewSession(task: Self.pushT, source: source, options: try Self.options(["samples=1", "seed=5"]))
        #expect(session.headsUp[1].contains("composed 0.80/0.20"))
        try session.apply(.weightUp)
        #expect(session.message == "weights 0.90/0.10")
        try session.apply(.weightUp)
        try session.apply(.weightUp)
        #expect(session.message == "weights 1.00/0.00")
        for _ in 0..<6 { try session.step() }
        let alone = try ViewSession(task: Self.pushT, source: Self.policySource(a), options: try Self.options(["samples=1", "seed=5"]))
        for _ in 0..<6 { try alone.step() }
        #expect(session.lastAction == alone.lastAction)
        for _ in 0..<12 { try session.apply(.weightDown) }
        #expect(session.message == "weights 0.00/1.00")
    }

    @Test func samplerKeyCyclesThroughWhatTheFamilyTakes() throws {
        let session = try ViewSession(task: Self.pushT, source: Self.policySource(try Self.tinyPolicy()),
                                      options: try Self.options(["samples=2"]))
        try session.step()
        try session.apply(.switchSampler)
        #expect(session.message == "sampler ddpm")
        try session.step()
        try session.step()
        #expect(session.environment.stepIndex == 3)
        #expect(session.headsUp[2].hasPrefix("ddpm  nfe 20"))
        try session.apply(.switchSampler)
        #expect(session.message == "sampler dpmsolver4")
        try session.apply(.switchSampler)
        #expect(session.message.hasPrefix("sampler rti"))
        try session.apply(.switchSampler)
        #expect(session.message == "sampler ddim4")
    }

    @Test func mouseTeleoperationIsRecordedAsADemonstrationDataset() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let path = temp.file("teleop.safetensors")
        let options = try Self.options(["record=\(path)"])
        let session = try ViewSession(task: Self.pushT, source: try ViewSource.open("pusht", options: options), options: options)
        #expect(session.driver == .mouse)
        session.pointer = Vec2(100, 120)
        try session.advance(by: 0.5)
        #expect(session.environment.stepIndex == 0, "the mouse drives only while its button is held")
        session.pointerHeld = true
        for x in stride(from: 100.0, to: 160, by: 10) {
            session.pointer = Vec2(x, 120)
            try session.step()
        }
        try session.apply(.nextSeed)  // ends the episode: it is stored
        #expect(session.recordedEpisodes == 1)
        let dataset = try DemonstrationDataset.read(from: path)
        #expect(dataset.stepCount == 6 && dataset.episodeSuccess == [false])
        #expect(dataset.actions.prefix(4) == [100, 120, 110, 120])
        // Each step's chunk: the actions taken from there on, the last one repeated.
        let horizon = dataset.horizon
        let last = Array(dataset.chunks[(5 * horizon) * 2..<(5 * horizon + horizon) * 2])
        #expect(last == Array(repeating: [Float(150), 120], count: horizon).flatMap { $0 })
        #expect(dataset.metadata["expert"]?.contains("mouse") == true)
    }

    @Test func badTargetsAndOptionsNameTheirCause() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        #expect(message { _ = try ViewSource.open("pushtt", options: ViewOptions()) }.contains("built-in scenes: pusht"))
        #expect(message { _ = try ViewOptions.parse(["speed=-1"]) }.contains("speed"))
        #expect(message { _ = try ViewOptions.parse(["reference=x.png"]) }.contains("frames"))
        #expect(message { _ = try ViewOptions.parse(["antialias=3"]) }.contains("antialias must be 0, 2, 4, 8 or 16"))
        #expect(message { _ = try ViewSource.open("pusht", options: try Self.options(["driver=policy"])) }
            .contains("needs a run folder"))
    }
}

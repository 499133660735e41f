import Physics2D
import Testing
@testable import Tasks

/// SplitMix64: a tiny seeded generator for tests (the library's own lives higher up).
struct TestGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct PushTEnvironmentTests {
    @Test func resetToStateMatchesReference() throws {
        let reference = try referencePushTJSON("contact_public.json")
        for episode in reference["episodes"] as! [[String: Any]] {
            let initial = episode["initial_state_after_reset"] as! [String: Any]
            var env = try PushTEnvironment()
            let obs = try env.reset(to: ResetState(initial["reset_state_arg"] as! [Double]))
            let expected = initial["obs"] as! [Double]
            for (a, b) in zip(obs, expected) { #expect(abs(a - b) < 1e-9) }
            #expect(abs(env.currentCoverage - (initial["coverage"] as! Double)) < 1e-9)
        }
    }

    @Test func randomResetsStayInTheirRangesAndAreSeeded() throws {
        var env = try PushTEnvironment()
        var g1 = TestGenerator(state: 7), g2 = TestGenerator(state: 7)
        for _ in 0..<50 {
            let s = env.randomState(using: &g1)
            #expect(s == env.randomState(using: &g2))
            #expect((50..<450).contains(s.agent.x) && (50..<450).contains(s.agent.y))
            #expect((100..<400).contains(s.block.x) && s.block.x == s.block.x.rounded())
            #expect(s.angle >= -.pi && s.angle < .pi)
        }
        _ = try env.reset(using: &g1)
        #expect(env.stepIndex == 0)
    }

    @Test func successIsStrictAndEndsTheEpisode() throws {
        var env = try PushTEnvironment()
        try env.place(agent: Vec2(100, 100), block: Vec2(256, 256), angle: .pi / 4)
        let result = try env.step(target: Vec2(100, 100))
        #expect(result.terminated && result.info.isSuccess && result.reward == 1)
    }

    @Test func truncatesAtTheStepLimit() throws {
        var scene = PushTScene()
        scene.maxSteps = 3
        var env = try PushTEnvironment(scene: scene)
        try env.place(agent: Vec2(100, 100), block: Vec2(300, 300), angle: 0)
        var last: StepResult?
        for _ in 0..<3 { last = try env.step([100, 100]) }
        #expect(last?.truncated == true && last?.terminated == false)
    }

    @Test func keypointObservationHasEveryCornerThenTheAgent() throws {
        var env = try PushTEnvironment(observation: .keypoints)
        let obs = try env.place(agent: Vec2(10, 20), block: Vec2(256, 256), angle: 0)
        #expect(obs.count == 18 && env.observationSize == 18)
        #expect(Array(obs[0..<2]) == [196, 256] && Array(obs[16...]) == [10, 20])
    }

    @Test func batchedSteppingIsIndependentOfThreadCount() throws {
        func run(threads: Int) throws -> [[Double]] {
            var g = TestGenerator(state: 3)
            var envs: [PushTEnvironment] = []
            for _ in 0..<6 {
                var e = try PushTEnvironment()
                _ = try e.reset(using: &g)
                envs.append(e)
            }
            var batch = BatchedEnvironments(envs, threads: threads)
            var observations: [[Double]] = []
            for k in 0..<15 {
                var actions: [[Double]?] = []
                for i in 0..<6 {
                    let x = 200.0 + Double(i * 20), y = 150.0 + Double(k * 10)
                    actions.append(i == 2 && k > 5 ? nil : [x, y])
                }
                observations += try batch.step(actions).compactMap { $0?.observation }
            }
            return observations
        }
        #expect(try run(threads: 1) == run(threads: 2))
    }
}

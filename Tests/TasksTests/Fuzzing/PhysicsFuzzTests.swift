import Physics2D
import Testing
@testable import Tasks

/// Random and extreme actions never make a state NaN, and the Push-T block never leaves
/// its walls (a short version of `pushforward bench --only fuzz`, which runs a million).
@Suite struct PhysicsFuzzTests {
    @Test("Push-T: 10,000 random steps, extreme targets included")
    func pushT() throws {
        var g = TestGenerator(state: 11)
        let report = try PhysicsFuzz.pushT(steps: 10_000, using: &g)
        #expect(report.problem == nil && report.tunnels == 0, "\(report)")
        #expect(report.steps == 10_000)
        // The mix really reaches far outside and really pushes the block.
        #expect(report.outsideActions > 2_000, "\(report)")
        #expect(report.contactSteps > 200, "\(report)")
    }

    @Test("Reach: 10,000 random joint targets, extreme ones included")
    func reach() throws {
        var g = TestGenerator(state: 12)
        let report = try PhysicsFuzz.reach(steps: 10_000, using: &g)
        #expect(report.problem == nil, "\(report)")
        #expect(report.steps == 10_000 && report.outsideActions > 2_000, "\(report)")
    }

    @Test("random valid Push-T scenes step without NaN")
    func randomScenes() throws {
        // Tunnels are not asserted here: with a small pusher and a small block some
        // random scenes do squeeze the block past a wall (README, Reliability).
        var g = TestGenerator(state: 13)
        for index in 0..<12 {
            let scene = PhysicsFuzz.randomPushTScene(using: &g)
            try scene.validate()
            let report = try PhysicsFuzz.pushT(scene: scene, steps: 400, using: &g)
            #expect(report.problem == nil, "scene \(index) \(scene.block.parts): \(report)")
        }
    }

    @Test("targets far outside the world are clamped to it: the block stays inside")
    func farTargetsAreClamped() throws {
        var env = try PushTEnvironment()
        _ = try env.place(agent: Vec2(400, 256), block: Vec2(460, 256), angle: .pi / 2)
        for _ in 0..<30 { _ = try env.step(target: Vec2(1e9, 256)) }
        #expect(env.simulator.agentPosition.x <= 512 + 1e-6, "the pusher left the world: \(env.simulator.agentPosition)")
        #expect(PhysicsFuzz.excursion(of: env.simulator, walls: PhysicsFuzz.wallBox(env.scene)) < PhysicsFuzz.tunnelTolerance)
        #expect(throws: PhysicsError.self) { try env.step(target: Vec2(.nan, 3)) }
    }

    @Test("the tunnel check measures how far the block is beyond the walls")
    func tunnelCheckCanFail() throws {
        var sim = try PushTSimulator(scene: PushTScene())
        let walls = PhysicsFuzz.wallBox(sim.scene)
        #expect(walls == (7, 504, 7, 504))
        try sim.place(agent: Vec2(100, 100), block: Vec2(256, 256), angle: 0)
        #expect(PhysicsFuzz.excursion(of: sim, walls: walls) == 0)
        // The T's bar spans x in [-60, 60] about its origin: at x = 30 it sticks out 37 units.
        try sim.place(agent: Vec2(100, 100), block: Vec2(30, 256), angle: 0)
        #expect(abs(PhysicsFuzz.excursion(of: sim, walls: walls) - 37) < 1e-9)
    }
}

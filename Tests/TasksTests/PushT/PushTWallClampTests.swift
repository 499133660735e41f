import Physics2D
import Testing
@testable import Tasks

/// The wall clamp (`PushTSimulator.keepBlockInsideWalls`): inactive on ordinary pushing,
/// it keeps a block wedged between the pusher and a wall from tunnelling out.
@Suite struct PushTWallClampTests {
    /// One environment step as the reference takes it, without the clamp.
    func unclampedStep(_ sim: inout PushTSimulator, target: Vec2) throws {
        let t = Vec2(Double(Float(target.x)), Double(Float(target.y)))
        for _ in 0..<sim.scene.physics.substeps {
            let dt = sim.scene.physics.dt
            let p = sim.world.bodies[sim.agent.index].position, v = sim.world.bodies[sim.agent.index].velocity
            let acc = Vec2(sim.scene.agent.kp * (t.x - p.x) + sim.scene.agent.kv * (0 - v.x),
                           sim.scene.agent.kp * (t.y - p.y) + sim.scene.agent.kv * (0 - v.y))
            try sim.world.setVelocity(sim.agent, v + acc * dt)
            try sim.world.step(dt)
        }
    }

    @Test("the reference episodes (pymunk contact replays, 120 steps each) are stepped bit for bit as without the clamp")
    func referenceEpisodesUntouched() throws {
        let reference = try referencePushTJSON("contact_public.json")
        for episode in reference["episodes"] as! [[String: Any]] {
            let initial = episode["initial_state_after_reset"] as! [String: Any]
            let state = ResetState(initial["reset_state_arg"] as! [Double])
            var clamped = try PushTSimulator.reset(scene: PushTScene(), state: state)
            var plain = clamped
            let actions = episode["actions"] as! [[Double]]
            #expect(actions.count == 120)
            for action in actions {
                try clamped.step(target: Vec2(action[0], action[1]))
                try unclampedStep(&plain, target: Vec2(action[0], action[1]))
                #expect(clamped.world.stateHash == plain.world.stateHash)
            }
        }
    }

    /// The deepest block vertex beyond the walls' inner faces (7 and 504), in units.
    func depth(_ sim: PushTSimulator) -> Double {
        PhysicsFuzz.excursion(of: sim, walls: PhysicsFuzz.wallBox(sim.scene))
    }

    @Test("a block rammed into a wall by the pusher stays within maxWallPenetration of it")
    func rammedBlockStaysInside() throws {
        // The bar of the T flat against the bottom wall, the pusher above it driven to a
        // target below the wall: the pusher (kinematic) passes through the bar.
        var clamped = try PushTSimulator(scene: PushTScene())
        try clamped.place(agent: Vec2(256, 400), block: Vec2(256, 474), angle: 0)
        var plain = clamped
        var worstClamped = 0.0, worstPlain = 0.0
        for _ in 0..<20 {
            try clamped.step(target: Vec2(256, 512))
            try unclampedStep(&plain, target: Vec2(256, 512))
            worstClamped = max(worstClamped, depth(clamped))
            worstPlain = max(worstPlain, depth(plain))
        }
        print("rammed block: deepest vertex \(worstPlain) units beyond the wall without the clamp, \(worstClamped) with it")
        #expect(worstPlain > PushTSimulator.maxWallPenetration, "the scenario no longer overlaps the wall deeply: \(worstPlain)")
        #expect(worstClamped <= PushTSimulator.maxWallPenetration + 1e-9)
        #expect(clamped.blockOrigin.isFinite && clamped.blockAngle.isFinite)
    }
}

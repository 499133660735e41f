import Foundation
import Testing
import Physics2D

/// Push-T against the reference environment (gym-pusht 0.1.8 on pymunk / Chipmunk 7).
@Suite struct PushTFidelityTests {
    @Test func agentUnderPDControllerMatchesReferenceBitForBit() throws {
        let reference = try referenceJSON("agent_pd.json")
        let targets = (((reference["meta"] as! [String: Any])["targets"]) as! [Any]).map(doubles)
        var worst = 0.0
        for case let episode as [String: Any] in reference["episodes"] as! [Any] {
            var env = try PushTWorld()
            let start = doubles(episode["initial_agent_pos"])
            try env.world.setOrigin(env.agent, Vec2(start[0], start[1]))
            try env.world.setOrigin(env.block, Vec2(-5000, -5000))
            for (target, step) in zip(targets, episode["steps"] as! [[String: Any]]) {
                try env.step(target: (target[0], target[1]))
                let p = doubles(step["agent_pos"]), v = doubles(step["agent_vel"])
                let a = env.world.body(env.agent)
                worst = max(worst, abs(a.position.x - p[0]), abs(a.position.y - p[1]),
                            abs(a.velocity.x - v[0]), abs(a.velocity.y - v[1]))
            }
        }
        #expect(worst <= 1e-9, "largest deviation \(worst)")
    }

    @Test func resetToStateMatchesReference() throws {
        let reference = try referenceJSON("contact_public.json")
        for case let episode as [String: Any] in reference["episodes"] as! [Any] {
            let initial = episode["initial_state_after_reset"] as! [String: Any]
            let env = try PushTWorld.reset(doubles(initial["reset_state_arg"]))
            let block = doubles(initial["block_pos"])
            #expect(abs(env.blockOrigin.x - block[0]) < 1e-9 && abs(env.blockOrigin.y - block[1]) < 1e-9)
            #expect(abs(env.blockAngle - (initial["block_angle"] as! Double)) < 1e-12)
        }
    }

    /// Open-loop pushing replayed from the reference's reset. Contact dynamics are
    /// chaotic over long horizons; the bound is the first 30 steps, and the figures
    /// printed here are the fidelity of every Push-T number we publish.
    @Test func contactReplayStaysCloseToReference() throws {
        let reference = try referenceJSON("contact_public.json")
        for case let episode as [String: Any] in reference["episodes"] as! [Any] {
            let initial = episode["initial_state_after_reset"] as! [String: Any]
            var env = try PushTWorld.reset(doubles(initial["reset_state_arg"]))
            let actions = (episode["actions"] as! [Any]).map(doubles)
            let steps = episode["steps"] as! [[String: Any]]
            var horizon = -1
            var errors: [(Double, Double)] = []
            for (t, action) in actions.enumerated() {
                try env.step(target: (action[0], action[1]))
                let ref = steps[t]  // the state after action t
                let p = doubles(ref["block_pos"]), angle = ref["block_angle"] as! Double
                let positionError = (env.blockOrigin - Vec2(p[0], p[1])).length
                let angleError = abs(env.blockAngle - angle)
                errors.append((positionError, angleError))
                if horizon == -1 && (positionError > 0.5 || angleError > 0.01) { horizon = t }
            }
            if horizon == -1 { horizon = errors.count }
            let config = episode["config"] as! [String: Any]
            func at(_ k: Int) -> String {
                k <= errors.count ? String(format: "%.3g / %.3g", errors[k - 1].0, errors[k - 1].1) : "n/a"
            }
            print("contact replay \(config["mode"]!): within 0.5 / 0.01 rad for \(horizon) steps;",
                  "error (units / rad) at 30: \(at(30)), 60: \(at(60)), \(errors.count): \(at(errors.count))")
            #expect(horizon >= 30, "episode \(config["mode"]!) left the bound at step \(horizon)")
        }
    }
}

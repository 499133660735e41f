import Physics2D
import Tasks

extension BenchmarkGroup {
    /// Physics throughput on the Push-T scene, one thread.
    public static let physics = BenchmarkGroup(
        name: "physics", summary: "Push-T physics on one thread (pymunk: ~350k free, ~97k in contact)"
    ) { options, report in
        let repeats = options.quick ? 3 : 7
        let steps = options.quick ? 2_000 : 10_000

        // Free: the pusher sweeps the left half while the block rests at the goal.
        let free = try PushTSimulator.reset(
            scene: PushTScene(), state: ResetState(agent: Vec2(100, 100), block: Vec2(256, 256), angle: .pi / 4))
        var contactSubsteps = 0
        let freeSeconds = try Stopwatch.median(repeats: repeats) {
            var sim = free
            for k in 0..<steps {
                let target = k % 20 < 10 ? Vec2(60, 60 + Double(k % 10) * 30) : Vec2(140, 400 - Double(k % 10) * 30)
                try sim.step(target: target)
            }
        }
        let substeps = Double(steps * PushTScene().physics.substeps)
        report(BenchmarkFigure(name: "pusht_substeps_free_per_s", value: substeps / freeSeconds,
                               unit: "substeps/s", medianOf: repeats, threads: 1, note: "no contact"))

        // Contact: the pusher chases a point just beyond the block's centre of gravity, so
        // it stays pressed against the T and drives it across the table.
        let start = try PushTSimulator.reset(
            scene: PushTScene(), state: ResetState(agent: Vec2(120, 300), block: Vec2(200, 250), angle: 0.3))
        let contactSeconds = try Stopwatch.median(repeats: repeats) {
            var sim = start
            contactSubsteps = 0
            for _ in 0..<steps {
                let cog = sim.world.body(sim.block).position
                var direction = cog - sim.agentPosition
                direction = direction * (1 / max(direction.length, 1e-9))
                for _ in 0..<sim.scene.physics.substeps {
                    try sim.substep(target: sim.agentPosition + direction * 25)
                    if sim.world.contactCount > 0 { contactSubsteps += 1 }
                }
            }
        }
        let share = Double(contactSubsteps) / substeps
        report(BenchmarkFigure(
            name: "pusht_substeps_per_s", value: substeps / contactSeconds, unit: "substeps/s",
            medianOf: repeats, threads: 1,
            note: "pusher in contact in \(Int((share * 100).rounded()))% of substeps"))
    }
}

import Physics2D
import Tasks

extension BenchmarkGroup {
    /// Physics throughput on the Push-T scene, one thread.
    public static let physics = BenchmarkGroup(
        name: "physics", summary: "Push-T physics and environment steps (pymunk: ~350k substeps/s free, ~97k in contact)"
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

        // Full environment steps: 10 substeps + coverage + observation, with the pusher
        // chasing the block so that contact is the common case.
        func chase(_ env: inout PushTEnvironment) throws {
            let cog = env.simulator.world.body(env.simulator.block).position
            var direction = cog - env.simulator.agentPosition
            direction = direction * (1 / max(direction.length, 1e-9))
            _ = try env.step(target: env.simulator.agentPosition + direction * 25)
        }
        var single = try PushTEnvironment()
        try single.reset(to: ResetState(agent: Vec2(120, 300), block: Vec2(200, 250), angle: 0.3))
        let envSteps = options.quick ? 1_000 : 5_000
        let envSeconds = try Stopwatch.median(repeats: repeats) {
            var env = single
            for _ in 0..<envSteps { try chase(&env) }
        }
        report(BenchmarkFigure(name: "pusht_env_steps_per_s", value: Double(envSteps) / envSeconds,
                               unit: "steps/s", medianOf: repeats, threads: 1, note: "gym-pusht: ~770"))

        let batchSize = 64
        for threads in options.threadCounts where threads > 1 {
            var envs: [PushTEnvironment] = []
            for i in 0..<batchSize {
                var env = try PushTEnvironment()
                try env.reset(to: ResetState(agent: Vec2(100 + Double(i), 300), block: Vec2(200, 250), angle: 0.3))
                envs.append(env)
            }
            let rounds = options.quick ? 20 : 100
            let batchSeconds = try Stopwatch.median(repeats: repeats) {
                var batch = BatchedEnvironments(envs, threads: threads)
                for k in 0..<rounds {
                    let actions: [[Double]?] = (0..<batchSize).map { i in [200 + Double((i + k) % 50), 250] }
                    _ = try batch.step(actions)
                }
            }
            report(BenchmarkFigure(
                name: "pusht_env_steps_per_s_batched", value: Double(batchSize * rounds) / batchSeconds,
                unit: "steps/s", medianOf: repeats, threads: threads, note: "\(batchSize) environments"))
        }

        let coverage = single.coverage
        let evaluations = options.quick ? 20_000 : 200_000
        var sink = 0.0
        let coverageSeconds = Stopwatch.median(repeats: repeats) {
            for k in 0..<evaluations {
                sink += coverage(origin: Vec2(250 + Double(k % 13), 250), angle: 0.7 + Double(k % 7) * 0.01)
            }
        }
        report(BenchmarkFigure(name: "coverage_evals_per_s", value: Double(evaluations) / coverageSeconds,
                               unit: "evals/s", medianOf: repeats, threads: 1,
                               note: sink > 0 ? "exact clipping" : ""))
    }
}

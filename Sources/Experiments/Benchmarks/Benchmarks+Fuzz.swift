import NeuralNet
import Physics2D
import Tasks

extension BenchmarkGroup {
    /// Physics fuzzing at full length (`bench --only fuzz`; `--quick`: a hundredth): a
    /// million random Push-T steps and a million Reach steps, extreme targets included,
    /// and 100 random valid Push-T scenes of 10,000 steps each. Fails (exit status 2) on
    /// the first NaN; reports tunnels (block's centre of gravity beyond a wall), the worst
    /// penetration and throughput.
    public static let fuzz = BenchmarkGroup(
        name: "fuzz", summary: "physics fuzzing: random and extreme actions, random scenes (a NaN fails; tunnels are counted)"
    ) { options, report in
        let scale = options.quick ? 100 : 1
        var g = RandomSource(seed: SeedDomain.physicsFuzz.seed(0))
        // A NaN fails the run; tunnels are counted and reported (README, Reliability).
        func check(_ r: PhysicsFuzz.Report, _ what: String) throws {
            if let problem = r.problem { throw UserFacingError("physics fuzzing, \(what): \(problem)") }
        }

        var start = Stopwatch.now()
        let pushT = try PhysicsFuzz.pushT(steps: 1_000_000 / scale, using: &g)
        try check(pushT, "Push-T")
        report(BenchmarkFigure(name: "fuzz_pusht_steps", value: Double(pushT.steps), unit: "steps", medianOf: 1, threads: 1,
                               note: "\(pushT), \(Int(Double(pushT.steps) / (Stopwatch.now() - start))) steps/s"))

        start = Stopwatch.now()
        let reach = try PhysicsFuzz.reach(steps: 1_000_000 / scale, using: &g)
        try check(reach, "Reach")
        report(BenchmarkFigure(name: "fuzz_reach_steps", value: Double(reach.steps), unit: "steps", medianOf: 1, threads: 1,
                               note: "\(reach), \(Int(Double(reach.steps) / (Stopwatch.now() - start))) steps/s"))

        var scenes = PhysicsFuzz.Report()
        for index in 0..<(100 / min(scale, 20)) {
            let scene = PhysicsFuzz.randomPushTScene(using: &g)
            try scene.validate()
            let r = try PhysicsFuzz.pushT(scene: scene, steps: 10_000 / scale, using: &g)
            if let problem = r.problem { throw UserFacingError("physics fuzzing, random scene \(index): \(problem)") }
            scenes.tunnels += r.tunnels
            if scenes.tunnel == nil { scenes.tunnel = r.tunnel.map { "scene \(index), \($0)" } }
            scenes.steps += r.steps
            scenes.resets += r.resets
            scenes.outsideActions += r.outsideActions
            scenes.contactSteps += r.contactSteps
            scenes.deepPenetrations += r.deepPenetrations
            scenes.worstExcursion = max(scenes.worstExcursion, r.worstExcursion)
        }
        report(BenchmarkFigure(name: "fuzz_random_scene_steps", value: Double(scenes.steps), unit: "steps", medianOf: 1,
                               threads: 1, note: "\(100 / min(scale, 20)) scenes: \(scenes)"))
    }
}

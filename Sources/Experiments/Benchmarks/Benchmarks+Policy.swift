import Foundation
import NeuralNet
import Policies
import Tasks

/// The `policy` group (`specs/benchmarks.md`): per sampler, the mean network evaluations
/// and the latency per control step at batch 1 on the quickstart-sized Push-T network
/// (width 512, 3 blocks, H 16, keypoint observations). One episode is 300 control steps;
/// the controller plans every `Ta` steps (8, or the sampler's `every`) from a fixed
/// observation, so the figure is the policy's cost alone: RTI's full first chunk is paid
/// once per episode and counted in the mean.
extension BenchmarkGroup {
    /// Which policy a figure samples: one of the three families, or a composition of a
    /// diffusion and a flow policy at weights 0.5 / 0.5.
    enum BenchPolicy: Hashable { case diffusion, flow, anchored, composed }

    /// Samplers measured, by figure name; flow samplers run on a flow policy of the same size.
    static let policySamplers: [(name: String, family: BenchPolicy, sampler: Sampler)] = [
        ("ddpm100", .diffusion, .ddpm),
        ("ddim10", .diffusion, .ddim(10)),
        ("ddim5", .diffusion, .ddim(5)),
        ("ddim2", .diffusion, .ddim(2)),
        ("ddim3_cold_every1", .diffusion, Sampler(.ddim, steps: 3, every: 1)),
        ("dpmsolver5", .diffusion, .dpmSolver(5)),
        ("dpmsolver10", .diffusion, .dpmSolver(10)),
        ("rti_ddpm_k2_every1", .diffusion, Sampler(.rti, steps: 100, base: .ddpm, start: 2, every: 1)),
        ("rti_ddpm_k3_every1", .diffusion, Sampler(.rti, steps: 100, base: .ddpm, start: 3, every: 1)),
        ("rti_ddim10_k3_every1", .diffusion, Sampler(.rti, steps: 10, base: .ddim, start: 3, every: 1)),
        ("composed_2_parents_ddim10", .composed, .ddim(10)),
        ("flow_euler10", .flow, .euler(10)),
        ("rti_euler10_k3_every1", .flow, Sampler(.rti, steps: 10, base: .euler, start: 3, every: 1)),
        ("anchored2", .anchored, .anchored()),
    ]

    public static let policy = BenchmarkGroup(
        name: "policy",
        summary: "per sampler at batch 1 on the Push-T network: NFE and latency per control step"
    ) { options, report in
        BLAS.threadCount = 1
        let (task, diffusion) = try BenchmarkPolicies.quickstartSized()
        let (_, flow) = try BenchmarkPolicies.quickstartSized(family: .flow)
        let (_, anchored) = try BenchmarkPolicies.quickstartSized(family: .anchored)
        let composed = Policy(composing: try Composition(parents: [diffusion, flow], weights: [0.5, 0.5]))
        let policies: [BenchPolicy: Policy] = [.diffusion: diffusion, .flow: flow, .anchored: anchored, .composed: composed]
        var generator = RandomSource(seed: 0)
        var environment = try task.makeEnvironment()
        let observation = try environment.reset(using: &generator)
        let steps = 300, repeats = options.quick ? 1 : 5
        for (name, family, sampler) in policySamplers {
            let controller = try ChunkController(policy: policies[family]!, sampler: sampler,
                                                 batchSize: 1, seed: 0)
            var evaluations = 0
            let seconds = Stopwatch.median(repeats: repeats) {
                let before = controller.functionEvaluations
                controller.reset(slot: 0, observation: observation, noiseSeed: 1)
                var done = 0
                while done < steps {
                    _ = controller.plan(active: [true])
                    for _ in 0..<controller.executionHorizon { controller.observe(slot: 0, observation: observation) }
                    done += controller.executionHorizon
                }
                evaluations = controller.functionEvaluations - before
            }
            let controlSteps = Double((steps + controller.executionHorizon - 1) / controller.executionHorizon * controller.executionHorizon)
            report(BenchmarkFigure(name: "\(name)_nfe_per_control_step", value: Double(evaluations) / controlSteps,
                                   unit: "NFE", medianOf: 1, threads: 1, note: "sampler \(controller.sampler.sampler)"))
            report(BenchmarkFigure(name: "\(name)_ms_per_control_step", value: seconds / controlSteps * 1e3,
                                   unit: "ms", medianOf: repeats, threads: 1,
                                   note: "one \(steps)-step episode at batch 1, replanning every \(controller.executionHorizon)"))
            report(BenchmarkFigure(name: "\(name)_ms_per_replan", value: seconds / controlSteps * Double(controller.executionHorizon) * 1e3,
                                   unit: "ms", medianOf: repeats, threads: 1,
                                   note: "the same episode per chunk planned (K anchors as one batch for anchored)"))
        }
    }
}

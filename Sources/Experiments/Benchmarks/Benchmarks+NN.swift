import Foundation
import NeuralNet

/// The `nn` group of `specs/benchmarks.md`: the reference denoiser (chunk 16 x 2, obs 10,
/// width 512, 3 FiLM blocks, about 1.7 M parameters), each figure with 1 and 2 threads.
extension BenchmarkGroup {
    public static let nn = BenchmarkGroup(
        name: "nn",
        summary: "reference denoiser (1.7 M parameters): cached batch-1 eval, chunk sampling, training"
    ) { options, report in
        var random = RandomSource(seed: 0)
        let network = ConditionalResidualMLP(configuration: .reference, random: &random)
        let c = network.configuration
        let schedule = NNBenchSchedule(steps: 100)
        let cache = network.makeTimestepCache(times: (0..<100).map(Float.init))
        let repeats = options.quick ? 31 : 201
        let chunkRepeats = options.quick ? 7 : 31

        for threads in options.threadCounts {
            BLAS.threadCount = threads
            func figure(_ name: String, _ value: Double, _ unit: String, _ repeats: Int, _ note: String? = nil) {
                report(BenchmarkFigure(name: name, value: value, unit: unit, medianOf: repeats, threads: threads, note: note))
            }

            // Batch 1, cached: the way a sampler calls the network.
            let x1 = Matrix(rows: 1, columns: c.inputDimension), obs1 = Matrix(rows: 1, columns: c.conditionDimension)
            random.fillGaussian(x1)
            random.fillUniform(obs1, -1, 1)
            let inference1 = network.makeInferenceWorkspace(batchSize: 1)
            network.setCondition(obs1, workspace: inference1)
            var index = 0
            let cached = Stopwatch.median(repeats: repeats, warmup: 20) {
                network.evaluate(x1, cache: cache, index: index, workspace: inference1)
                index = (index + 37) % 100
            }
            figure("denoiser_eval_b1_us", cached * 1e6, "us", repeats, "cached time + observation; target <= 100")

            let training1 = network.makeWorkspace(batchSize: 1)
            let uncachedTime: [Float] = [42]
            let uncached = Stopwatch.median(repeats: repeats, warmup: 20) {
                network.forward(x1, condition: obs1, times: uncachedTime, workspace: training1, training: false)
            }
            figure("denoiser_eval_b1_uncached_us", uncached * 1e6, "us", repeats, "plain forward pass")

            // Whole chunks at batch 1 (T = 100, cosine schedule).
            let noise = Matrix(rows: 1, columns: c.inputDimension)
            let sample = Matrix(rows: 1, columns: c.inputDimension)
            var sampler = RandomSource(seed: 1)
            for (name, steps) in [("chunk_ddpm100_b1_ms", 100), ("chunk_ddim10_b1_ms", 10), ("chunk_ddim2_b1_ms", 2)] {
                let seconds = Stopwatch.median(repeats: chunkRepeats, warmup: 2) {
                    sampler.fillGaussian(noise)
                    sample.assign(from: noise)
                    network.setCondition(obs1, workspace: inference1)
                    if steps == 100 {
                        schedule.ddpm(network, sample: sample, cache: cache, workspace: inference1, random: &sampler)
                    } else {
                        schedule.ddim(network, sample: sample, steps: steps, cache: cache, workspace: inference1)
                    }
                }
                figure(name, seconds * 1e3, "ms", chunkRepeats)
            }

            // Batch 256 cached evaluation (many environments at the same step): sgemm.
            let batch = 256
            let x256 = Matrix(rows: batch, columns: c.inputDimension), obs256 = Matrix(rows: batch, columns: c.conditionDimension)
            random.fillGaussian(x256)
            random.fillUniform(obs256, -1, 1)
            let inference256 = network.makeInferenceWorkspace(batchSize: batch)
            network.setCondition(obs256, workspace: inference256)
            let evalRepeats = options.quick ? 11 : 51
            let eval256 = Stopwatch.median(repeats: evalRepeats, warmup: 3) {
                network.evaluate(x256, cache: cache, index: 50, workspace: inference256)
            }
            figure("denoiser_eval_b256_ms", eval256 * 1e3, "ms", evalRepeats, "cached, one step for 256 rows")

            // Training: forward + backward + AdamW, batch 256, MSE to the noise.
            let trainer = NNBenchTrainer(network: network, batch: batch, random: &random)
            let trainRepeats = options.quick ? 9 : 31
            let step = Stopwatch.median(repeats: trainRepeats, warmup: 3) { trainer.step() }
            figure("train_samples_per_s_b256", Double(batch) / step, "samples/s", trainRepeats,
                   "target >= 14000 with 2 threads, >= 8500 with 1")
            // The same step with the time path once per diffusion step (what the trainer does).
            let tableTrainer = NNBenchTrainer(network: network, batch: batch, timeSteps: 100, random: &random)
            let tableStep = Stopwatch.median(repeats: trainRepeats, warmup: 3) { tableTrainer.step() }
            figure("train_samples_per_s_b256_step_table", Double(batch) / tableStep, "samples/s", trainRepeats,
                   "time path once per step k < 100, as BehaviourCloning trains diffusion")
            try TrainingProfileBenchmark.run(threads: threads, quick: options.quick, report: report)

            // The machine's own sgemm rate for (256 x 512) x (512 x 512), and the training share.
            let a = Matrix(rows: 256, columns: 512), b = Matrix(rows: 512, columns: 512), out = Matrix(rows: 256, columns: 512)
            random.fillUniform(a, -1, 1)
            random.fillUniform(b, -1, 1)
            let gemmRepeats = options.quick ? 51 : 201
            let gemm = Stopwatch.median(repeats: gemmRepeats, warmup: 10) {
                Matrix.multiply(a, transposed: false, b, transposed: true, into: out)
            }
            let sgemmRate = 2.0 * 256 * 512 * 512 / gemm / 1e9
            figure("sgemm_gflops", sgemmRate, "GFLOP/s", gemmRepeats, "(256x512)x(512x512)")
            // Training FLOPs: forward 2 per weight per sample; backward twice that.
            let weights = Double(network.parameters.filter { $0.shape.count == 2 }.scalarCount)
            let trainRate = 3 * 2 * weights * Double(batch) / step / 1e9
            figure("train_gflops_fraction_of_sgemm", trainRate / sgemmRate, "fraction", trainRepeats,
                   String(format: "training at %.1f GFLOP/s", trainRate))
        }
        BLAS.threadCount = options.threadCounts.max() ?? 1
    }
}

/// A minimal training loop for the benchmark: fixed noisy inputs, MSE to the noise.
private struct NNBenchTrainer {
    let network: ConditionalResidualMLP
    let parameters: [Parameter]
    let workspace: ConditionalResidualMLP.Workspace
    let optimizer: AdamW
    let x, condition, target, gradient: Matrix
    let times: [Float]

    init(network: ConditionalResidualMLP, batch: Int, timeSteps: Int = 0, random: inout RandomSource) {
        self.network = network
        parameters = network.parameters
        workspace = network.makeWorkspace(batchSize: batch, timeSteps: timeSteps)
        optimizer = AdamW(parameters: parameters, learningRate: 1e-4, weightDecay: 1e-6)
        let c = network.configuration
        x = Matrix(rows: batch, columns: c.inputDimension)
        condition = Matrix(rows: batch, columns: c.conditionDimension)
        target = Matrix(rows: batch, columns: c.outputDimension)
        gradient = Matrix(rows: batch, columns: c.outputDimension)
        random.fillGaussian(x)
        random.fillUniform(condition, -1, 1)
        random.fillGaussian(target)
        times = (0..<batch).map { _ in Float(Int.random(in: 0..<100, using: &random)) }
    }

    func step() {
        let prediction = network.forward(x, condition: condition, times: times, workspace: workspace)
        _ = Loss.meanSquaredError(prediction: prediction, target: target, gradient: gradient)
        network.backward(x: x, condition: condition, outputGradient: gradient, workspace: workspace)
        optimizer.step()
    }
}

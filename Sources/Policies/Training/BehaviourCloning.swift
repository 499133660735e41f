import NeuralNet

/// Behaviour cloning of a diffusion, flow or anchored policy: AdamW under a cosine schedule
/// with warm-up, global-norm clipping, and an EMA of the weights for evaluation.
///
/// - Diffusion: `k ~ U{0..T-1}`, `eps ~ N(0, I)`, `x_k = sqrt(ab_k) x0 + sqrt(1 - ab_k) eps`,
///   loss `MSE(net(x_k, k, o), eps)` (or `x0` with `prediction: sample`).
/// - Flow: `t ~ U(0, 1)`, `x_t = (1 - t) x0 + t eps`, loss `MSE(net(x_t, t T, o), eps - x0)`
///   (or `x0` with `prediction: sample`).
/// - Anchored: see `BehaviourCloning+Anchored.swift` (anchors noised to `k < T_trunc`,
///   score and clean-chunk losses).
///
/// Every draw comes from the trainer's own generator, whose state is part of the
/// checkpoint: a run resumed from a checkpoint continues bit for bit.
public final class BehaviourCloning {
    public let policy: Policy
    public let options: TrainingOptions
    public private(set) var data: TrainingSet
    public internal(set) var generator: RandomSource
    public let optimizer: AdamW
    public let average: ExponentialMovingAverage
    public let schedule: LearningRateSchedule
    /// Completed optimisation steps.
    public private(set) var step = 0
    /// Set by a `trainStep()` whose loss or gradient was not finite: that step applied
    /// nothing (weights, EMA, optimizer state and `step` are as before it).
    public private(set) var rejectedStep: NonFiniteError?
    /// When set, `trainStep()` adds the time of each of its phases here (for the benchmark).
    /// With two threads, `forward` is the calling thread's half, and `backward` the rest of
    /// both halves' passes plus the sum of their gradients.
    public var profile: TrainingStepProfile?
    /// 1, or 2 for data-parallel steps (`BehaviourCloning+DataParallel.swift`): each half
    /// of the batch on its own thread with one BLAS thread (diffusion and flow; an anchored
    /// policy trains on one thread with the caller's BLAS threads). Results depend on the
    /// thread count (float rounding) and are bit-reproducible for each.
    public var threads = 1 {
        didSet { configureThreads() }
    }
    private(set) var dataParallel: DataParallelStep?
    /// Each parameter's gradient `sumOfSquares()` in the latest step: the finiteness
    /// check and the clipping norm read them.
    var gradientSquares: [Double]

    let workspace: ConditionalResidualMLP.Workspace
    /// Network rows: `condition`, `noise`, `noisy`, `gradient` and `times` have one per
    /// example (diffusion, flow) or `anchorSampleCount` per example (anchored);
    /// `clean` and `target` one per example.
    let condition, clean, noise, noisy, target, gradient: Matrix
    /// The network time of each row in the latest batch.
    var times: [Float]
    /// Anchored: the anchor each row noises (the example's positive first).
    var rowAnchors: [Int]
    /// Anchored: scratch for drawing the other anchors of an example.
    var otherAnchors: [Int]

    public init(policy: Policy, data: TrainingSet, options: TrainingOptions, seed: UInt64) {
        self.policy = policy
        self.data = data
        self.options = options
        self.generator = RandomSource(seed: seed)
        let parameters = policy.network.parameters
        optimizer = AdamW(parameters: parameters, learningRate: options.learningRate, weightDecay: options.weightDecay)
        average = ExponentialMovingAverage(copying: parameters, power: options.emaPower, maxValue: options.emaMaxDecay)
        schedule = .cosineWithWarmup(learningRate: options.learningRate, warmupSteps: options.warmupSteps,
                                     totalSteps: options.steps)
        let b = options.batchSize
        let rows = policy.configuration.family == .anchored ? b * policy.configuration.anchorSampleCount : b
        // Diffusion steps are integers: with fewer steps than rows, the time path runs
        // once per step (see `ConditionalResidualMLP.Workspace.timeSteps`).
        let steps = switch policy.configuration.family {
        case .diffusion: policy.schedule.stepCount
        case .anchored: policy.configuration.truncationSteps
        case .flow: 0
        }
        workspace = policy.network.makeWorkspace(batchSize: rows, timeSteps: steps < rows ? steps : 0)
        condition = Matrix(rows: rows, columns: policy.conditionSize)
        clean = Matrix(rows: b, columns: policy.chunkSize)
        noise = Matrix(rows: rows, columns: policy.chunkSize)
        noisy = Matrix(rows: rows, columns: policy.chunkSize)
        target = Matrix(rows: b, columns: policy.chunkSize)
        gradient = Matrix(rows: rows, columns: policy.network.configuration.outputDimension)
        times = [Float](repeating: 0, count: rows)
        rowAnchors = [Int](repeating: 0, count: rows)
        otherAnchors = Array(0..<max(0, policy.configuration.anchorCount - 1))
        gradientSquares = [Double](repeating: 0, count: parameters.count)
    }

    private func configureThreads() {
        guard threads >= 2, policy.configuration.family != .anchored, options.batchSize >= 2 else {
            dataParallel = nil
            return
        }
        guard dataParallel == nil else { return }
        let steps = policy.configuration.family == .diffusion ? policy.schedule.stepCount : 0
        dataParallel = DataParallelStep(network: policy.network, batchSize: options.batchSize,
                                        conditionSize: policy.conditionSize, chunkSize: policy.chunkSize,
                                        timeSteps: steps)
    }

    /// Replaces the training pairs (DAgger aggregates new ones between rounds).
    public func replaceData(_ data: TrainingSet) {
        self.data = data
    }

    /// One optimisation step on a batch drawn with replacement; returns the loss.
    @discardableResult
    public func trainStep() -> Float {
        var timer = PhaseTimer(active: profile != nil)
        let loss: Float
        if let dataParallel {
            drawBatch(timer: &timer)
            dataParallel.scatter(condition: condition, noisy: noisy, target: target, times: times)
            timer.lap(.batchAssembly, into: &profile)
            loss = gradientSquares.withUnsafeMutableBufferPointer { squares in
                dataParallel.run(batchSize: options.batchSize, squares: squares.baseAddress!) {
                    timer.lap(.forward, into: &profile)
                }
            }
            timer.lap(.backward, into: &profile)
        } else {
            if policy.configuration.family == .anchored {
                drawAnchoredBatch(timer: &timer)
                let prediction = policy.network.forward(noisy, condition: condition, times: times, workspace: workspace)
                loss = anchoredLoss(prediction: prediction)
            } else {
                drawBatch(timer: &timer)
                let prediction = policy.network.forward(noisy, condition: condition, times: times, workspace: workspace)
                loss = Loss.meanSquaredError(prediction: prediction, target: target, gradient: gradient)
            }
            timer.lap(.forward, into: &profile)
            policy.network.backward(x: noisy, condition: condition, outputGradient: gradient, workspace: workspace)
            timer.lap(.backward, into: &profile)
            for (i, parameter) in optimizer.parameters.enumerated() { gradientSquares[i] = parameter.gradient.sumOfSquares() }
        }
        rejectedStep = nil
        let place = "training step \(step + 1)"
        guard loss.isFinite else {
            rejectedStep = NonFiniteError(place: place, tensor: "the loss", value: "\(loss)")
            return loss
        }
        // Checked before clipping, which would turn an infinite norm into NaN weights.
        if let bad = gradientSquares.firstIndex(where: { !$0.isFinite }) {
            rejectedStep = NonFiniteError(place: place, tensor: "the gradient of \(optimizer.parameters[bad].name)",
                                          value: "sum of squares \(gradientSquares[bad])")
            return loss
        }
        var gradientScale: Float = 1
        if options.gradientClip > 0 {
            gradientScale = GradientClipping.clippingCoefficient(squares: gradientSquares,
                                                                 maxNorm: Float(options.gradientClip)).coefficient
        }
        timer.lap(.clipping, into: &profile)
        // Clipping's scale, AdamW and the EMA in one pass over memory (the same numbers as
        // the three passes), split between the threads of a data-parallel step.
        optimizer.learningRate = schedule.learningRate(atStep: step)
        optimizer.step(gradientScale: gradientScale, average: average, threads: dataParallel?.pair)
        timer.lap(.optimizerAndAverage, into: &profile)
        step += 1
        profile?.steps += 1
        return loss
    }

    private func drawBatch(timer: inout PhaseTimer) {
        let b = options.batchSize, cs = data.conditionSize, n = data.chunkSize
        let T = policy.schedule.stepCount
        let predictsSample = policy.configuration.prediction == .sample
        data.conditions.withUnsafeBufferPointer { conditions in
            data.targets.withUnsafeBufferPointer { targets in
                for r in 0..<b {
                    let i = Int(generator.next() % UInt64(data.count))
                    condition.row(r).update(from: conditions.baseAddress! + i * cs, count: cs)
                    clean.row(r).update(from: targets.baseAddress! + i * n, count: n)
                }
            }
        }
        timer.lap(.batchAssembly, into: &profile)
        generator.fillGaussian(noise)
        timer.lap(.noiseDraws, into: &profile)
        let x0 = clean.pointer, eps = noise.pointer, x = noisy.pointer, y = target.pointer
        for r in 0..<b {
            let base = r * n
            switch policy.configuration.family {
            case .diffusion:
                let k = Int(generator.next() % UInt64(T))
                let ab = policy.schedule.alphaBars[k]
                let a = Float(ab.squareRoot()), s = Float((1 - ab).squareRoot())
                times[r] = Float(k)
                for i in base..<(base + n) {
                    x[i] = a * x0[i] + s * eps[i]
                    y[i] = predictsSample ? x0[i] : eps[i]
                }
            case .anchored:
                preconditionFailure("an anchored policy's batches come from drawAnchoredBatch")
            case .flow:
                let t = generator.nextFloat()
                times[r] = t * Float(T)
                for i in base..<(base + n) {
                    x[i] = (1 - t) * x0[i] + t * eps[i]
                    y[i] = predictsSample ? x0[i] : eps[i] - x0[i]
                }
            }
        }
        timer.lap(.batchAssembly, into: &profile)
    }

    /// A policy carrying the EMA weights (what evaluation uses).
    public func averagedPolicy() throws -> Policy {
        var unused = RandomSource(seed: 0)
        let copy = try Policy(configuration: policy.configuration, observationSize: policy.observationSize,
                              actionSize: policy.actionSize, observationNormalizer: policy.observationNormalizer,
                              actionNormalizer: policy.actionNormalizer, random: &unused)
        for (target, source) in zip(copy.network.parameters, average.parameters) { target.value.assign(from: source.value) }
        if let anchors = copy.anchors, let trained = policy.anchors { anchors.assign(from: trained) }
        return copy
    }

    /// Trainer state beyond the weights: optimizer moments, EMA, generator and step.
    public func stateTensors() -> (ema: [String: TensorData], optimizer: [String: TensorData]) {
        var optimizerState = optimizer.stateTensors().reduce(into: [String: TensorData]()) { $0[PolicyCheckpoint.TensorNames.optimizer + $1.key] = $1.value }
        optimizerState["trainer.step"] = TensorData(int64: [Int64(step)], shape: [])
        optimizerState["trainer.rng"] = TensorData(int64: generator.state.map { Int64(bitPattern: $0) }, shape: [4])
        return (average.stateTensors(), optimizerState)
    }

    /// Restores `stateTensors()` (and the weights, loaded into `policy` separately).
    public func restore(ema: [String: TensorData], optimizer state: [String: TensorData], file: String) throws {
        try average.loadState(ema, file: file)
        var adam: [String: TensorData] = [:]
        let prefix = PolicyCheckpoint.TensorNames.optimizer
        for (name, tensor) in state where name.hasPrefix(prefix) { adam[String(name.dropFirst(prefix.count))] = tensor }
        try optimizer.loadState(adam, file: file)
        let stepTensor = try TensorData.require("trainer.step", in: state, dtype: .i64, shape: [], file: file)
        let rng = try TensorData.require("trainer.rng", in: state, dtype: .i64, shape: [4], file: file)
        step = Int(try stepTensor.int64Values()[0])
        generator = RandomSource(state: try rng.int64Values().map { UInt64(bitPattern: $0) })
    }
}

/// Sampler-side evaluation with caches.
///
/// A sampler calls the network many times per chunk with the same observation and a
/// fixed list of timesteps. What depends only on the timestep (the time embedding, the
/// time MLP and every block's FiLM scale/shift) is computed once per timestep list in a
/// `TimestepCache`; what depends only on the observation (its slice of the first layer,
/// `W_obs obs + b`, and with `conditionInFiLM` each block's FiLM term of the observation)
/// once per chunk by `setCondition`. A cached step then reads about
/// half of the weights a plain forward pass reads. All rows of a batch share the step.
extension ConditionalResidualMLP {
    /// Every block's FiLM `(scale, shift)` for each timestep in a list.
    public struct TimestepCache {
        /// The timesteps, in the order given to `makeTimestepCache`.
        public let times: [Float]
        /// Row `i`: for each block `b`, `2 W` floats at `b * 2 W` (scale then shift).
        let scaleShift: Matrix
        let width: Int

        /// Pointer to block `block`'s `(scale, shift)` for timestep number `index`.
        @inline(__always)
        func scaleShift(index: Int, block: Int) -> UnsafePointer<Float> {
            UnsafePointer(scaleShift.row(index) + block * 2 * width)
        }
    }

    /// Precomputes the FiLM conditioning of every block for each of `times` (batched
    /// through the time MLP and the FiLM layers). Allocates; call once per sampler setup.
    public func makeTimestepCache(times: [Float]) -> TimestepCache {
        let c = configuration
        let n = times.count
        let embedding = Matrix(rows: n, columns: c.timeEmbeddingDimension)
        timeEmbedding.forward(times, into: embedding)
        let te = timeMLP.forward(embedding, workspace: MLP.Workspace(for: timeMLP, batchSize: n), training: false)
        let table = Matrix(rows: n, columns: c.blockCount * 2 * c.width)
        let film = Matrix(rows: n, columns: 2 * c.width)
        for (b, block) in blocks.enumerated() {
            block.film.setBias(into: film)
            block.film.addProduct(te, columns: block.conditionColumns, into: film)
            for r in 0..<n { (table.row(r) + b * 2 * c.width).update(from: film.row(r), count: 2 * c.width) }
        }
        return TimestepCache(times: times, scaleShift: table, width: c.width)
    }

    /// `projection (batch x W) = W_obs condition + b`, the observation's part of the first
    /// layer. Compute once per chunk and pass to `evaluate`.
    public func projectCondition(_ condition: Matrix, into projection: Matrix) {
        precondition(condition.columns == configuration.conditionDimension && projection.rows == condition.rows
                     && projection.columns == configuration.width, "condition projection shapes do not match")
        inputLayer.setBias(into: projection)
        inputLayer.addProduct(condition, columns: conditionColumns, into: projection)
    }

    /// Buffers of a cached evaluation for one batch size.
    public struct InferenceWorkspace {
        public let batchSize: Int
        let hidden: Matrix
        let conditionProjection: Matrix
        /// Per block, the condition's FiLM term (empty unless `conditionInFiLM`).
        let observationTerms: [Matrix]
        let block: FiLMResidualBlock.Workspace
        let finalNormalized, finalInverseStd, finalNormOutput, finalActivated: Matrix
        /// The output of the latest `evaluate` (`batch x Y`).
        public let output: Matrix

        public init(for network: ConditionalResidualMLP, batchSize: Int) {
            let c = network.configuration
            self.batchSize = batchSize
            hidden = Matrix(rows: batchSize, columns: c.width)
            conditionProjection = Matrix(rows: batchSize, columns: c.width)
            observationTerms = c.conditionInFiLM ? network.blocks.map { _ in Matrix(rows: batchSize, columns: 2 * c.width) } : []
            block = FiLMResidualBlock.Workspace(for: network.blocks[0], batchSize: batchSize)
            finalNormalized = Matrix(rows: batchSize, columns: c.width)
            finalInverseStd = Matrix(rows: batchSize, columns: 1)
            finalNormOutput = Matrix(rows: batchSize, columns: c.width)
            finalActivated = Matrix(rows: batchSize, columns: c.width)
            output = Matrix(rows: batchSize, columns: c.outputDimension)
        }
    }

    /// An inference workspace for `batchSize` rows.
    public func makeInferenceWorkspace(batchSize: Int) -> InferenceWorkspace {
        InferenceWorkspace(for: self, batchSize: batchSize)
    }

    /// Stores the projection of `condition` in `workspace` for the following `evaluate`
    /// calls (once per chunk).
    public func setCondition(_ condition: Matrix, workspace: InferenceWorkspace) {
        projectCondition(condition, into: workspace.conditionProjection)
        for (block, term) in zip(blocks, workspace.observationTerms) { block.observationTerm(condition, into: term) }
    }

    /// One denoising-step evaluation for every row of `x` at timestep `cache.times[index]`,
    /// with the condition set by `setCondition`. Returns `workspace.output`. Batch 1 runs on
    /// `sgemv`, larger batches on `sgemm`. Allocates nothing.
    @discardableResult
    public func evaluate(_ x: Matrix, cache: TimestepCache, index: Int, workspace ws: InferenceWorkspace) -> Matrix {
        precondition(x.rows == ws.batchSize && x.columns == configuration.inputDimension,
                     "x must be \(ws.batchSize) x \(configuration.inputDimension)")
        ws.hidden.assign(from: ws.conditionProjection)
        inputLayer.addProduct(x, columns: xColumns, into: ws.hidden)
        for (b, block) in blocks.enumerated() {
            block.forward(inPlace: ws.hidden, scaleShift: cache.scaleShift(index: index, block: b),
                          observationTerm: ws.observationTerms.isEmpty ? nil : ws.observationTerms[b], workspace: ws.block)
        }
        finalNorm.forward(ws.hidden, into: ws.finalNormOutput, normalized: ws.finalNormalized,
                          inverseStd: ws.finalInverseStd)
        Activation.mish.forward(ws.finalNormOutput, into: ws.finalActivated)
        outputLayer.forward(ws.finalActivated, into: ws.output)
        return ws.output
    }
}

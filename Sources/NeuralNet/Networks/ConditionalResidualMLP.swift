/// The conditional residual MLP denoiser (the reference network of `specs/benchmarks.md`),
/// used as the diffusion epsilon-predictor and as the flow-matching velocity field:
///
///     te = time_mlp(sinusoidal(t))            Linear(E, T) -> Mish -> Linear(T, T)
///     h  = input([x, condition])              Linear(X + C, W)
///     h  = block_i(h, te[, condition])        FiLMResidualBlock(W, T[, C]), i = 0 ..< blocks
///     y  = output(Mish(final_norm(h)))        Linear(W, Y)
///
/// with E = 64, T = 256, W = 512, 3 blocks in the reference, whose FiLM reads the time
/// only; policies also feed the condition to every block's FiLM (`conditionInFiLM`), as
/// Diffusion Policy does. Shapes: `x` is `batch x X`,
/// `condition` is `batch x C`, one `Float` time per row (a diffusion step k, or a flow
/// time scaled by the caller), output `batch x Y`.
///
/// Parameter names (safetensors keys): `time_mlp.{0,2}.*`, `input.*`, `blocks.<i>.{norm,film,linear}.*`,
/// `final_norm.*`, `output.*`.
public struct ConditionalResidualMLP {
    public struct Configuration: Sendable, Hashable, Codable {
        /// X: features of the noisy sample (e.g. a flattened action chunk).
        public var inputDimension: Int
        /// C: features of the conditioning observation.
        public var conditionDimension: Int
        /// E: sinusoidal time-embedding size.
        public var timeEmbeddingDimension: Int
        /// T: width of the time MLP and of the FiLM conditioning.
        public var timeHiddenDimension: Int
        /// W: residual stream width.
        public var width: Int
        public var blockCount: Int
        /// Y: output features.
        public var outputDimension: Int
        /// Whether every block's FiLM reads the condition besides the time embedding
        /// (otherwise the condition enters through the first layer only).
        public var conditionInFiLM: Bool

        public init(inputDimension: Int, conditionDimension: Int, timeEmbeddingDimension: Int = 64,
                    timeHiddenDimension: Int = 256, width: Int = 512, blockCount: Int = 3, outputDimension: Int,
                    conditionInFiLM: Bool = false) {
            self.inputDimension = inputDimension
            self.conditionDimension = conditionDimension
            self.timeEmbeddingDimension = timeEmbeddingDimension
            self.timeHiddenDimension = timeHiddenDimension
            self.width = width
            self.blockCount = blockCount
            self.outputDimension = outputDimension
            self.conditionInFiLM = conditionInFiLM
        }

        /// The benchmark network: chunk 16 x 2, observation 10, about 1.7 M parameters.
        public static let reference = Configuration(inputDimension: 32, conditionDimension: 10, outputDimension: 32)
    }

    public let configuration: Configuration
    public let timeEmbedding: SinusoidalTimeEmbedding
    public let timeMLP: MLP
    public let inputLayer: Linear
    public let blocks: [FiLMResidualBlock]
    public let finalNorm: LayerNorm
    public let outputLayer: Linear

    /// A network initialised as PyTorch would (see `Linear`, `LayerNorm`), drawing from
    /// `random` in parameter order.
    public init(configuration c: Configuration, random: inout RandomSource) {
        configuration = c
        timeEmbedding = SinusoidalTimeEmbedding(dimension: c.timeEmbeddingDimension)
        timeMLP = MLP(sizes: [c.timeEmbeddingDimension, c.timeHiddenDimension, c.timeHiddenDimension],
                      activation: .mish, name: "time_mlp", random: &random)
        inputLayer = Linear(inputs: c.inputDimension + c.conditionDimension, outputs: c.width,
                            name: "input", random: &random)
        var blocks: [FiLMResidualBlock] = []
        for i in 0..<c.blockCount {
            blocks.append(FiLMResidualBlock(width: c.width, conditionWidth: c.timeHiddenDimension,
                                            observationWidth: c.conditionInFiLM ? c.conditionDimension : 0,
                                            name: "blocks.\(i)", random: &random))
        }
        self.blocks = blocks
        finalNorm = LayerNorm(features: c.width, name: "final_norm")
        outputLayer = Linear(inputs: c.width, outputs: c.outputDimension, name: "output", random: &random)
    }

    /// Every parameter, in a fixed order (time MLP, input, blocks, final norm, output).
    public var parameters: [Parameter] {
        timeMLP.parameters + inputLayer.parameters + blocks.flatMap(\.parameters)
            + finalNorm.parameters + outputLayer.parameters
    }

    var xColumns: Range<Int> { 0..<configuration.inputDimension }
    var conditionColumns: Range<Int> {
        configuration.inputDimension..<(configuration.inputDimension + configuration.conditionDimension)
    }

    /// Forward pass; returns `workspace.output` (`batch x Y`). With `training` (the
    /// default) it also saves the activation derivatives `backward` needs. Allocates nothing.
    /// For repeated sampler calls prefer the cached `evaluate`.
    @discardableResult
    public func forward(_ x: Matrix, condition: Matrix, times: [Float], workspace: Workspace,
                        training: Bool = true) -> Matrix {
        let c = configuration
        precondition(x.rows == workspace.batchSize && condition.rows == workspace.batchSize
                     && times.count == workspace.batchSize, "batch size differs from the workspace's")
        precondition(x.columns == c.inputDimension && condition.columns == c.conditionDimension,
                     "expected x with \(c.inputDimension) and condition with \(c.conditionDimension) columns")
        let timeRows = timeRows(times, workspace: workspace)
        if timeRows == nil { timeEmbedding.forward(times, into: workspace.timeEmbedding) }
        let te = timeMLP.forward(workspace.timeEmbedding, workspace: workspace.timeMLP, training: training)
        let h0 = workspace.hidden[0]
        inputLayer.setBias(into: h0)
        inputLayer.addProduct(x, columns: xColumns, into: h0)
        inputLayer.addProduct(condition, columns: conditionColumns, into: h0)
        for (i, block) in blocks.enumerated() {
            block.forward(workspace.hidden[i], condition: te, conditionRows: timeRows,
                          observation: c.conditionInFiLM ? condition : nil,
                          into: workspace.hidden[i + 1], workspace: workspace.blocks[i], training: training)
        }
        finalNorm.forward(workspace.hidden[c.blockCount], into: workspace.finalNormOutput,
                          normalized: workspace.finalNormalized, inverseStd: workspace.finalInverseStd)
        Activation.mish.forward(workspace.finalNormOutput, into: workspace.finalActivated,
                                derivative: training ? workspace.finalDerivative : nil)
        outputLayer.forward(workspace.finalActivated, into: workspace.output)
        return workspace.output
    }

    /// Backward pass after `forward(x, condition:, ...)` with the same `x` and `condition`:
    /// writes every parameter gradient (overwriting) and, with `inputGradients`, dL/dx into
    /// `workspace.inputGradient` and dL/d condition into `workspace.conditionGradient`.
    /// Times are not differentiated. Allocates nothing.
    public func backward(x: Matrix, condition: Matrix, outputGradient: Matrix,
                         workspace ws: Workspace, inputGradients: Bool = false) {
        outputLayer.backward(input: ws.finalActivated, outputGradient: outputGradient,
                             inputGradient: ws.finalActivatedGradient)
        Activation.mish.backward(derivative: ws.finalDerivative, outputGradient: ws.finalActivatedGradient,
                                 into: ws.finalActivatedGradient)
        var g = ws.hiddenGradients[0], spare = ws.hiddenGradients[1]
        finalNorm.backward(outputGradient: ws.finalActivatedGradient, normalized: ws.finalNormalized,
                           inverseStd: ws.finalInverseStd, inputGradient: g)
        let te = ws.timeMLP.outputs[ws.timeMLP.outputs.count - 1]
        let filmReadsCondition = configuration.conditionInFiLM
        let timeRows = ws.timeSteps > 0 ? UnsafePointer(ws.timeRows.pointer) : nil
        for i in stride(from: blocks.count - 1, through: 0, by: -1) {
            blocks[i].backward(outputGradient: g, condition: te, conditionRows: timeRows,
                               observation: filmReadsCondition ? condition : nil,
                               workspace: ws.blocks[i], inputGradient: spare, conditionGradient: ws.timeGradient,
                               observationGradient: filmReadsCondition && inputGradients ? ws.conditionGradient : nil,
                               accumulateCondition: i != blocks.count - 1)
            swap(&g, &spare)
        }
        inputLayer.accumulateBiasGradient(g, accumulate: false)
        inputLayer.accumulateWeightGradient(input: x, columns: xColumns, outputGradient: g, accumulate: false)
        inputLayer.accumulateWeightGradient(input: condition, columns: conditionColumns, outputGradient: g,
                                            accumulate: false)
        if inputGradients {
            inputLayer.propagate(g, columns: xColumns, into: ws.inputGradient, accumulate: false)
            inputLayer.propagate(g, columns: conditionColumns, into: ws.conditionGradient,
                                 accumulate: filmReadsCondition)
        }
        timeMLP.backward(input: ws.timeEmbedding, outputGradient: ws.timeGradient, workspace: ws.timeMLP,
                         inputGradient: nil)
    }

    /// With a workspace's `timeSteps`, stores each row's step (checking that it is one)
    /// and returns them; nil for a per-row time path.
    private func timeRows(_ times: [Float], workspace: Workspace) -> UnsafePointer<Int>? {
        guard workspace.timeSteps > 0 else { return nil }
        let rows = workspace.timeRows.pointer
        for (r, t) in times.enumerated() {
            let k = Int(exactly: t) ?? -1
            precondition(k >= 0 && k < workspace.timeSteps,
                         "time \(t) is not a step in 0..<\(workspace.timeSteps) (the workspace's timeSteps)")
            rows[r] = k
        }
        return UnsafePointer(rows)
    }
}

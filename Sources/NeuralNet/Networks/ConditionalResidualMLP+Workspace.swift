extension ConditionalResidualMLP {
    /// Every buffer a training forward/backward pass touches, for one batch size.
    /// Make one per batch size and reuse it: the passes then allocate nothing.
    public struct Workspace {
        public let batchSize: Int
        let timeEmbedding: Matrix
        let timeMLP: MLP.Workspace
        /// `hidden[i]` is the residual stream entering block `i`; the last one leaves the last block.
        let hidden: [Matrix]
        let blocks: [FiLMResidualBlock.Workspace]
        let finalNormalized, finalInverseStd, finalNormOutput, finalActivated, finalDerivative: Matrix
        /// The network output of the latest `forward` (`batch x Y`).
        public let output: Matrix
        let finalActivatedGradient: Matrix
        let hiddenGradients: [Matrix]
        let timeGradient: Matrix
        /// dL/dx after `backward(..., inputGradients: true)` (`batch x X`).
        public let inputGradient: Matrix
        /// dL/d condition after `backward(..., inputGradients: true)` (`batch x C`).
        public let conditionGradient: Matrix

        public init(for network: ConditionalResidualMLP, batchSize: Int) {
            let c = network.configuration
            let w = c.width
            func make(_ columns: Int) -> Matrix { Matrix(rows: batchSize, columns: columns) }
            self.batchSize = batchSize
            timeEmbedding = make(c.timeEmbeddingDimension)
            timeMLP = MLP.Workspace(for: network.timeMLP, batchSize: batchSize)
            hidden = (0...c.blockCount).map { _ in make(w) }
            blocks = network.blocks.map { FiLMResidualBlock.Workspace(for: $0, batchSize: batchSize) }
            finalNormalized = make(w)
            finalInverseStd = make(1)
            finalNormOutput = make(w)
            finalActivated = make(w)
            finalDerivative = make(w)
            output = make(c.outputDimension)
            finalActivatedGradient = make(w)
            hiddenGradients = [make(w), make(w)]
            timeGradient = make(c.timeHiddenDimension)
            inputGradient = make(c.inputDimension)
            conditionGradient = make(c.conditionDimension)
        }
    }

    /// A training workspace for `batchSize` rows.
    public func makeWorkspace(batchSize: Int) -> Workspace { Workspace(for: self, batchSize: batchSize) }
}

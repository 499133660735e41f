extension ConditionalResidualMLP {
    /// Every buffer a training forward/backward pass touches, for one batch size.
    /// Make one per batch size and reuse it: the passes then allocate nothing.
    public struct Workspace {
        public let batchSize: Int
        /// With `timeSteps > 0` every time is an integer step in `0 ..< timeSteps`, and the
        /// time path (embedding, time MLP, each block's FiLM of the time) runs once per step
        /// rather than once per row, rows reading their step's results: a diffusion batch of
        /// 256 rows over 100 steps then spends about a third of the products there.
        /// 0: once per row (any times, e.g. flow's).
        public let timeSteps: Int
        /// Each row's step, with `timeSteps > 0`.
        let timeRows: RowIndices
        /// Per row, or (with `timeSteps > 0`) per step, computed once here.
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

        public init(for network: ConditionalResidualMLP, batchSize: Int, timeSteps: Int = 0) {
            precondition(timeSteps >= 0, "timeSteps must not be negative")
            let c = network.configuration
            let w = c.width
            func make(_ columns: Int) -> Matrix { Matrix(rows: batchSize, columns: columns) }
            self.batchSize = batchSize
            self.timeSteps = timeSteps
            timeRows = RowIndices(count: timeSteps > 0 ? batchSize : 0)
            let timeRowCount = timeSteps > 0 ? timeSteps : batchSize
            timeEmbedding = Matrix(rows: timeRowCount, columns: c.timeEmbeddingDimension)
            if timeSteps > 0 { network.timeEmbedding.forward((0..<timeSteps).map(Float.init), into: timeEmbedding) }
            timeMLP = MLP.Workspace(for: network.timeMLP, batchSize: timeRowCount)
            hidden = (0...c.blockCount).map { _ in make(w) }
            blocks = network.blocks.map { FiLMResidualBlock.Workspace(for: $0, batchSize: batchSize, tableRows: timeSteps) }
            finalNormalized = make(w)
            finalInverseStd = make(1)
            finalNormOutput = make(w)
            finalActivated = make(w)
            finalDerivative = make(w)
            output = make(c.outputDimension)
            finalActivatedGradient = make(w)
            hiddenGradients = [make(w), make(w)]
            timeGradient = Matrix(rows: timeRowCount, columns: c.timeHiddenDimension)
            inputGradient = make(c.inputDimension)
            conditionGradient = make(c.conditionDimension)
        }
    }

    /// A training workspace for `batchSize` rows; see `Workspace.timeSteps`.
    public func makeWorkspace(batchSize: Int, timeSteps: Int = 0) -> Workspace {
        Workspace(for: self, batchSize: batchSize, timeSteps: timeSteps)
    }
}

/// A fixed number of row indices owned by a workspace (filled by each forward pass).
final class RowIndices {
    let count: Int
    let pointer: UnsafeMutablePointer<Int>

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    deinit { pointer.deallocate() }
}

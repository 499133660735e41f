import NeuralNet

/// Data-parallel training steps (`BehaviourCloning.threads = 2`, diffusion and flow).
///
/// The batch is drawn exactly as on one thread; its first and second half then run their
/// forward and backward passes at once, each on its own thread with single-threaded
/// BLAS, through the network and through a gradient replica of it (the same weights,
/// gradient buffers of its own). The replica's gradients are then added to the network's,
/// the two threads splitting the parameters between them. OpenBLAS's own threads split
/// each product only; here the element-wise passes (norms, FiLM, Mish, the loss) and the
/// gradient sum run on both cores as well.
///
/// The loss and gradients equal the one-thread step's up to float rounding (each half's
/// loss gradient is scaled by its share of the batch, and the halves' gradients are summed
/// instead of accumulated in one product), so a run depends on its thread count, and is
/// bit-reproducible for a fixed seed and thread count.
final class DataParallelStep {
    /// One half of the batch, with the network that computes its gradients.
    final class Part {
        let network: ConditionalResidualMLP
        /// The batch rows this part takes.
        let rows: Range<Int>
        let workspace: ConditionalResidualMLP.Workspace
        let condition, noisy, target, gradient: Matrix
        var times: [Float]
        /// The part's mean squared error in the latest step.
        var loss: Float = 0

        init(network: ConditionalResidualMLP, rows: Range<Int>, conditionSize: Int, chunkSize: Int, timeSteps: Int) {
            self.network = network
            self.rows = rows
            let n = rows.count
            workspace = network.makeWorkspace(batchSize: n, timeSteps: timeSteps < n ? timeSteps : 0)
            condition = Matrix(rows: n, columns: conditionSize)
            noisy = Matrix(rows: n, columns: chunkSize)
            target = Matrix(rows: n, columns: chunkSize)
            gradient = Matrix(rows: n, columns: network.configuration.outputDimension)
            times = [Float](repeating: 0, count: n)
        }
    }

    let pair = ThreadPair()
    /// Part 0 trains the policy's own network (its gradients are the ones the optimizer
    /// reads); part 1 a gradient replica.
    let parts: [Part]
    /// The parameter indices each thread sums, about half of the elements each.
    let reductionShares: [[Int]]
    /// Part 0's parameters, which receive the sum, and part 1's, in the same order.
    let totals, replicas: [Parameter]

    /// `timeSteps`: the diffusion steps of the time table (0 for per-row times).
    init(network: ConditionalResidualMLP, batchSize: Int, conditionSize: Int, chunkSize: Int, timeSteps: Int) {
        precondition(batchSize >= 2, "a data-parallel step needs two rows at least")
        let half = batchSize / 2
        parts = [network, network.gradientReplica()].enumerated().map { k, net in
            Part(network: net, rows: k == 0 ? 0..<half : half..<batchSize, conditionSize: conditionSize,
                 chunkSize: chunkSize, timeSteps: timeSteps)
        }
        totals = parts[0].network.parameters
        replicas = parts[1].network.parameters
        reductionShares = ThreadPair.balancedShares(totals.map(\.count))
    }

    /// Copies the rows of the drawn batch into the parts.
    func scatter(condition: Matrix, noisy: Matrix, target: Matrix, times: [Float]) {
        for part in parts {
            let first = part.rows.lowerBound
            part.condition.pointer.update(from: condition.row(first), count: part.condition.count)
            part.noisy.pointer.update(from: noisy.row(first), count: part.noisy.count)
            part.target.pointer.update(from: target.row(first), count: part.target.count)
            for r in part.rows { part.times[r - first] = times[r] }
        }
    }

    /// Both halves' forward and backward passes, one per thread with one BLAS thread
    /// each, then the gradient sum into part 0's network, with each summed gradient's
    /// `sumOfSquares()` into `squares` (one per parameter). Returns the batch's mean
    /// squared error. `afterForward` runs on the calling thread once its half's forward is done.
    func run(batchSize: Int, squares: UnsafeMutablePointer<Double>, afterForward: () -> Void) -> Float {
        let parts = self.parts, shares = reductionShares, totals = self.totals, replicas = self.replicas
        BLAS.withThreadCount(1) {
            pair.run { k in
                let part = parts[k]
                let prediction = part.network.forward(part.noisy, condition: part.condition, times: part.times,
                                                      workspace: part.workspace)
                part.loss = Loss.meanSquaredError(prediction: prediction, target: part.target, gradient: part.gradient)
                // The half's mean, weighted by its share of the batch: the batch mean's gradient.
                part.gradient.scale(by: Float(part.rows.count) / Float(batchSize))
                if k == 0 { afterForward() }
                part.network.backward(x: part.noisy, condition: part.condition, outputGradient: part.gradient,
                                      workspace: part.workspace)
            }
            pair.run { k in
                for i in shares[k] {
                    totals[i].gradient.add(replicas[i].gradient)
                    squares[i] = totals[i].gradient.sumOfSquares()
                }
            }
        }
        var loss: Float = 0
        for part in parts { loss += part.loss * Float(part.rows.count) / Float(batchSize) }
        return loss
    }
}

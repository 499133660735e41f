import Foundation
import NeuralNet

/// Truncated anchored sampling (`specs/algorithms.md` section 4): each environment's `K`
/// anchors, noised to a low step, go through the network as `K` rows of one batch; a few
/// DDIM steps on the network's clean-chunk outputs refine them, and the last step's score
/// logits choose the anchor whose chunk is executed.
extension ChunkSampler {
    /// The anchors and the `batch * K` rows they are denoised in; row `b * K + i` is
    /// anchor `i` of environment `b`.
    final class AnchoredRows {
        /// `K x H*D`, normalised.
        let anchors: Matrix
        /// Each environment's condition, repeated for its anchors.
        let condition: Matrix
        /// The noisy anchors, then their clean-chunk predictions.
        let x: Matrix
        /// The anchor each environment's latest chunk came from.
        var chosen: [Int]
        /// The diffusion steps visited, from the anchors' noise level down.
        let grid: [Int]

        init(anchors: Matrix, batchSize: Int, conditionSize: Int, grid: [Int]) {
            self.anchors = anchors
            self.grid = grid
            condition = Matrix(rows: batchSize * anchors.rows, columns: conditionSize)
            x = Matrix(rows: batchSize * anchors.rows, columns: anchors.columns)
            chosen = [Int](repeating: 0, count: batchSize)
        }
    }

    /// `K`, the anchors of an anchored policy (nil for other families).
    public var anchorCount: Int? { anchored?.anchors.rows }

    /// The anchor each environment's latest anchored chunk came from.
    public var chosenAnchors: [Int] { anchored?.chosen ?? [] }

    /// Samples one chunk per environment into `x` (`batch x H*D`, normalised) from the
    /// anchors, conditioned on normalised observation histories `condition`
    /// (`batch x To*obs`). `noise` (`batch*K x H*D`, row `b*K + i` for anchor `i` of
    /// environment `b`) noises the anchors to the sampler's `start`:
    /// `clamp(sqrt(ab) A_i + sqrt(1 - ab) eps, -1, 1)`. Each environment executes its
    /// best-scored anchor's chunk, or, given `uniforms` (one in [0, 1) per environment),
    /// the anchor whose softmax interval of the scores holds it. Allocates nothing.
    public func sampleAnchored(condition: Matrix, noise: Matrix, into x: Matrix, uniforms: [Float]?) {
        guard let rows = anchored else { preconditionFailure("anchored sampling needs an anchored policy") }
        let k = rows.anchors.rows, n = rows.anchors.columns, cs = condition.columns
        precondition(condition.rows == batchSize && x.rows == batchSize && noise.rows == batchSize * k
                     && noise.columns == n, "anchored sampling shapes differ from the sampler's")
        precondition(uniforms.map { $0.count == batchSize } ?? true, "one uniform draw per environment")
        for b in 0..<batchSize {
            for i in 0..<k { rows.condition.row(b * k + i).update(from: condition.row(b), count: cs) }
        }
        network.setCondition(rows.condition, workspace: workspace)
        let grid = rows.grid
        let start = level(grid[0])
        let xa = rows.x.pointer, eps = noise.pointer
        for b in 0..<batchSize {
            for i in 0..<k {
                let anchor = rows.anchors.row(i), base = (b * k + i) * n
                for j in 0..<n { xa[base + j] = min(max(start.a * anchor[j] + start.s * eps[base + j], -1), 1) }
            }
        }
        var output = workspace.output
        for index in grid.indices {
            output = network.evaluate(rows.x, cache: cache, index: index, workspace: workspace)
            guard index + 1 < grid.count else { break }
            // DDIM (eta = 0) with x0 prediction: keep the implied noise, move to the next level.
            let now = level(grid[index]), next = level(grid[index + 1])
            let y = output.pointer, width = output.columns
            for r in 0..<(batchSize * k) {
                for j in 0..<n {
                    let x0 = min(max(y[r * width + j], -1), 1)
                    let implied = (xa[r * n + j] - now.a * x0) / now.s
                    xa[r * n + j] = next.a * x0 + next.s * implied
                }
            }
        }
        let y = output.pointer, width = output.columns
        for b in 0..<batchSize {
            let choice = Self.choose(scores: y + b * k * width + n, stride: width, count: k, uniform: uniforms?[b])
            rows.chosen[b] = choice
            let source = y + (b * k + choice) * width, target = x.row(b)
            for j in 0..<n { target[j] = min(max(source[j], -1), 1) }
        }
    }

    /// `(sqrt(ab_k), sqrt(1 - ab_k))`.
    private func level(_ step: Int) -> (a: Float, s: Float) {
        let ab = schedule.alphaBar(step)
        return (Float(ab.squareRoot()), Float((1 - ab).squareRoot()))
    }

    /// The best of `count` scores `stride` apart, or (given `uniform`) the index whose
    /// interval of the softmax's cumulative sum holds `uniform`.
    static func choose(scores: UnsafePointer<Float>, stride: Int, count: Int, uniform: Float?) -> Int {
        var best = 0
        for i in 1..<count where scores[i * stride] > scores[best * stride] { best = i }
        guard let uniform else { return best }
        let top = scores[best * stride]
        var total: Float = 0
        for i in 0..<count { total += expf(scores[i * stride] - top) }
        var remaining = uniform * total
        for i in 0..<count {
            remaining -= expf(scores[i * stride] - top)
            if remaining < 0 { return i }
        }
        return best
    }
}

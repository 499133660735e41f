import Foundation
import NeuralNet

/// Truncated anchored training (`specs/algorithms.md` section 4, after DiffusionDrive).
///
/// Per example: the positive anchor `i*` is the one nearest the true chunk `x0`; one
/// noise level `k ~ U{0..T_trunc-1}`; the positive and `M - 1` other anchors drawn
/// uniformly without replacement are noised as `clamp(sqrt(ab_k) A_i + sqrt(1-ab_k) eps_i,
/// -1, 1)` and go through the network as `M` rows. Loss: `10 CE + 8 L1`, the cross-entropy
/// of the score logits toward `i*` and the mean absolute error of `i*`'s clean-chunk
/// prediction. Rows of the other anchors get only the score gradient.
///
/// With `M < K` the cross-entropy is a sampled softmax: each other anchor is in the batch
/// with probability `(M-1)/(K-1)`, so its logit is raised by `log((K-1)/(M-1))` in the
/// loss (the usual correction by the log of the sampling probability), which makes the
/// learned scores those of the softmax over all `K`.
extension BehaviourCloning {
    /// DiffusionDrive's loss weights.
    static let classificationWeight: Float = 10
    static let regressionWeight: Float = 8

    func drawAnchoredBatch(timer: inout PhaseTimer) {
        guard let anchors = policy.anchors else { preconditionFailure("an anchored policy has anchors") }
        let b = options.batchSize, cs = data.conditionSize, n = data.chunkSize
        let m = policy.configuration.anchorSampleCount, k = anchors.rows
        let truncation = UInt64(policy.configuration.truncationSteps)
        data.conditions.withUnsafeBufferPointer { conditions in
            data.targets.withUnsafeBufferPointer { targets in
                for r in 0..<b {
                    let i = Int(generator.next() % UInt64(data.count))
                    for q in 0..<m { condition.row(r * m + q).update(from: conditions.baseAddress! + i * cs, count: cs) }
                    clean.row(r).update(from: targets.baseAddress! + i * n, count: n)
                }
            }
        }
        for r in 0..<b {
            let positive = KMeans.nearest(to: clean.row(r), centroids: anchors.pointer, count: k, dimension: n)
            let level = Float(generator.next() % truncation)
            rowAnchors[r * m] = positive
            // The other anchors, 0..<K without the positive, partially shuffled.
            for j in 0..<(k - 1) { otherAnchors[j] = j < positive ? j : j + 1 }
            for q in 1..<m {
                let pick = q - 1 + Int(generator.next() % UInt64(k - q))
                otherAnchors.swapAt(q - 1, pick)
                rowAnchors[r * m + q] = otherAnchors[q - 1]
            }
            for q in 0..<m { times[r * m + q] = level }
        }
        timer.lap(.batchAssembly, into: &profile)
        generator.fillGaussian(noise)
        timer.lap(.noiseDraws, into: &profile)
        let eps = noise.pointer, x = noisy.pointer
        for row in 0..<(b * m) {
            let ab = policy.schedule.alphaBars[Int(times[row])]
            let a = Float(ab.squareRoot()), s = Float((1 - ab).squareRoot())
            let anchor = anchors.row(rowAnchors[row]), base = row * n
            for j in 0..<n { x[base + j] = min(max(a * anchor[j] + s * eps[base + j], -1), 1) }
        }
        timer.lap(.batchAssembly, into: &profile)
    }

    /// The loss of the latest anchored batch from the network's `prediction`
    /// (`b*M x (H*D + 1)`); writes its gradient into `gradient`.
    func anchoredLoss(prediction: Matrix) -> Float {
        let b = options.batchSize, n = data.chunkSize, m = policy.configuration.anchorSampleCount
        let k = policy.configuration.anchorCount, width = prediction.columns
        let correction = m < k ? Float(log(Double(k - 1) / Double(m - 1))) : 0
        let classification = Self.classificationWeight / Float(b)
        let regression = Self.regressionWeight / Float(b * n)
        let y = prediction.pointer, g = gradient.pointer, x0 = clean.pointer
        gradient.fill(0)
        var total = 0.0
        for r in 0..<b {
            let first = r * m * width
            var top = -Float.infinity
            for q in 0..<m { top = max(top, y[first + q * width + n] + (q > 0 ? correction : 0)) }
            var sum: Float = 0
            for q in 0..<m { sum += expf(y[first + q * width + n] + (q > 0 ? correction : 0) - top) }
            let logSum = top + logf(sum)
            // The positive is row 0 of the example.
            total += Double(classification * (logSum - y[first + n]))
            for q in 0..<m {
                let p = expf(y[first + q * width + n] + (q > 0 ? correction : 0) - logSum)
                g[first + q * width + n] = classification * (p - (q == 0 ? 1 : 0))
            }
            var absolute: Float = 0
            for j in 0..<n {
                let difference = y[first + j] - x0[r * n + j]
                absolute += abs(difference)
                g[first + j] = difference > 0 ? regression : (difference < 0 ? -regression : 0)
            }
            total += Double(regression * absolute)
        }
        return Float(total)
    }
}

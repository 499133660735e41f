/// Losses with their gradients, written into caller-owned buffers.
public enum Loss {
    /// Mean squared error over all elements (PyTorch `F.mse_loss`, reduction "mean"):
    /// returns `sum (p - t)^2 / n` and writes `gradient = 2 (p - t) / n`.
    /// The sum is accumulated in Double so the value does not depend on batch layout noise.
    public static func meanSquaredError(prediction: Matrix, target: Matrix, gradient: Matrix) -> Float {
        precondition(prediction.count == target.count && gradient.count == target.count, "loss shapes differ")
        let p = prediction.pointer, t = target.pointer, g = gradient.pointer
        let n = prediction.count
        let scale = 2 / Float(n)
        var total: Double = 0
        for i in 0..<n {
            let d = p[i] - t[i]
            total += Double(d * d)
            g[i] = scale * d
        }
        return Float(total / Double(n))
    }
}

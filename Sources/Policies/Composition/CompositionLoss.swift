import NeuralNet

/// GPC's cheap pre-filter (`specs/algorithms.md` section 5): the held-out denoising loss
/// of a convex combination, `L(w) = E |sum_i w_i n_i - n|^2`, where `n_i` is parent `i`'s
/// prediction of the sampler's quantity `n` (epsilon on a diffusion grid, velocity on an
/// Euler grid) at the sampler's own noise levels. With `sum w = 1` it is the quadratic
/// form `w^T G w` of the Gram matrix `G_ij = E <n_i - n, n_j - n>`, so one pass over the
/// held-out data gives the loss of every weight.
public struct CompositionLoss: Sendable, Hashable, Codable {
    /// `G`, row-major `parents x parents`, averaged over rows, levels and chunk values.
    public var gram: [Double]
    public var parents: Int

    /// Measures `G` on held-out pairs: `histories` are raw observation histories (`rows x
    /// To*obs` with the composed policy's `To`), `chunks` the normalised clean chunks. Each
    /// of the sampler's levels noises every chunk with fresh noise from `random`.
    public init(policy: Policy, sampler requested: Sampler, histories: Matrix, chunks: Matrix,
                random: inout RandomSource) throws(PolicyError) {
        guard let composition = policy.composition else {
            throw .compositionMismatch("the loss pre-filter needs a composed policy")
        }
        let n = composition.parents.count, rows = chunks.rows
        // Every parent active, so that each one's prediction is measured.
        let all = try Composition(parents: composition.parents, weights: Array(repeating: 1 / Double(n), count: n))
        let sampler = requested.resolved(family: policy.configuration.family)
        let denoiser = try ComposedDenoiser(all, sampler: sampler, schedule: policy.schedule, batchSize: rows)
        denoiser.setCondition(raw: histories)
        let x = Matrix(rows: rows, columns: chunks.columns), target = Matrix(rows: rows, columns: chunks.columns)
        let residuals = (0..<n).map { _ in Matrix(rows: rows, columns: chunks.columns) }
        var gram = [Double](repeating: 0, count: n * n)
        let levels = SamplerMath.stepCount(sampler, schedule: policy.schedule)
        let grid = SamplerMath.diffusionGrid(sampler, schedule: policy.schedule)
        for index in 0..<levels {
            // x = a x0 + s eps; the target is eps (diffusion) or eps - x0 (flow velocity).
            let (a, s): (Float, Float)
            let flow = sampler.stepRule == .euler
            if flow {
                let t = SamplerMath.flowTime(index, steps: sampler.steps)
                (a, s) = (Float(1 - t), Float(t))
            } else {
                let ab = policy.schedule.alphaBar(grid[index])
                (a, s) = (Float(ab.squareRoot()), Float((1 - ab).squareRoot()))
            }
            let p = x.pointer, q = target.pointer, c = chunks.pointer
            for i in 0..<x.count {
                let eps = Float(random.gaussian())
                p[i] = a * c[i] + s * eps
                q[i] = flow ? eps - c[i] : eps
            }
            for (parent, residual) in zip(denoiser.parents, residuals) {
                let output = denoiser.evaluate(parent, x: x, index: index)
                let r = residual.pointer, o = output.pointer
                for i in 0..<x.count { r[i] = o[i] - q[i] }
            }
            for i in 0..<n {
                for j in i..<n {
                    let u = residuals[i].pointer, v = residuals[j].pointer
                    var dot = 0.0
                    for e in 0..<x.count { dot += Double(u[e]) * Double(v[e]) }
                    gram[i * n + j] += dot
                }
            }
        }
        let scale = 1 / Double(levels * x.count)
        for i in 0..<n {
            for j in i..<n {
                gram[i * n + j] *= scale
                gram[j * n + i] = gram[i * n + j]
            }
        }
        self.gram = gram
        self.parents = n
    }

    /// `L(w) = w^T G w`.
    public func loss(_ weights: [Double]) -> Double {
        var total = 0.0
        for i in 0..<parents { for j in 0..<parents { total += weights[i] * gram[i * parents + j] * weights[j] } }
        return total
    }

    /// Two parents: the closed-form minimiser of `L(w, 1 - w)` over `w` in [0, 1] (the
    /// first parent's weight), `(G22 - G12) / (G11 - 2 G12 + G22)` clipped.
    public var bestFirstWeight: Double? {
        guard parents == 2 else { return nil }
        let g11 = gram[0], g12 = gram[1], g22 = gram[3]
        let curvature = g11 - 2 * g12 + g22
        guard curvature > 0 else { return g11 <= g22 ? 1 : 0 }
        return min(max((g22 - g12) / curvature, 0), 1)
    }
}

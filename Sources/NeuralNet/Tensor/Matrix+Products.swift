/// Dense products (through `cblas_sgemm` / `cblas_sgemv`) and the few whole-matrix
/// elementwise helpers the optimizers and losses need.
extension Matrix {
    /// `c = alpha * op(a) * op(b) + beta * c` where `op` transposes when asked.
    ///
    /// Shapes: `op(a)` is `m x k`, `op(b)` is `k x n`, `c` is `m x n`. When `m == 1`
    /// and `b` is not transposed-away from a vector product, the call goes through
    /// `sgemv`, which OpenBLAS parallelises at one row; `sgemm` with one row does not.
    public static func multiply(
        _ a: Matrix, transposed transposeA: Bool = false,
        _ b: Matrix, transposed transposeB: Bool = false,
        into c: Matrix, alpha: Float = 1, beta: Float = 0
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
        precondition(c.rows == m && c.columns == n, "output is \(c.rows) x \(c.columns), product is \(m) x \(n)")
        if m == 1 && !transposeA {
            // Row vector times matrix: y^T = a^T op(b)  <=>  y = op(b)^T a.
            BLAS.gemv(transposeA: !transposeB, m: b.rows, n: b.columns, alpha: alpha,
                      a: b.pointer, lda: b.columns, x: a.pointer, beta: beta, y: c.pointer)
            return
        }
        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                  a: a.pointer, lda: a.columns, b: b.pointer, ldb: b.columns,
                  beta: beta, c: c.pointer, ldc: c.columns)
    }

    /// `self += alpha * other` (same shape).
    public func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(count == other.count, "shape mismatch in add")
        let x = other.pointer, y = pointer
        for i in 0..<count { y[i] += alpha * x[i] }
    }

    /// `self *= factor`.
    public func scale(by factor: Float) {
        let y = pointer
        for i in 0..<count { y[i] *= factor }
    }

    /// Sum of squared elements, accumulated in Double (for norms and losses).
    public func sumOfSquares() -> Double {
        let x = pointer
        var lanes = SIMD8<Double>()
        var i = 0
        while i + 8 <= count {
            let v = SIMD8<Double>(SIMD8<Float>(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)))
            lanes += v * v
            i += 8
        }
        var total = lanes.sum()
        while i < count { total += Double(x[i]) * Double(x[i]); i += 1 }
        return total
    }
}

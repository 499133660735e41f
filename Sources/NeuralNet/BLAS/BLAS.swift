import COpenBLAS

/// The one door to OpenBLAS. Everything above `NeuralNet` sees Swift types only.
///
/// All matrices are row-major (`CblasRowMajor`); leading dimensions are row strides in
/// elements. The wrappers are thin on purpose: they exist so that no other file imports
/// `COpenBLAS` and so that the argument order reads as `C = alpha * op(A) op(B) + beta * C`.
public enum BLAS {
    /// The number of threads OpenBLAS uses for the following calls (process-wide).
    ///
    /// OpenBLAS keeps this in its own global state; setting it from several threads at
    /// once is a race inside OpenBLAS, so set it once at start-up or between phases.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// Runs `body` with `threads` OpenBLAS threads and restores the previous count.
    public static func withThreadCount<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
        let previous = threadCount
        threadCount = threads
        defer { threadCount = previous }
        return try body()
    }

    /// `C (m x n) = alpha * op(A) (m x k) * op(B) (k x n) + beta * C`, row-major.
    @inline(__always)
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// `y = alpha * op(A) x + beta * y` with `A` stored as `m x n` row-major.
    @inline(__always)
    static func gemv(
        transposeA: Bool, m: Int, n: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>,
        beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), alpha, a, blasint(lda), x, 1, beta, y, 1)
    }
}

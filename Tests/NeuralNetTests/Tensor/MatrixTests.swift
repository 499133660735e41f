import Testing
@testable import NeuralNet

@Suite struct MatrixTests {
    private func naive(_ a: [[Float]], _ b: [[Float]]) -> [[Float]] {
        a.map { row in (0..<b[0].count).map { j in zip(row, b.map { $0[j] }).reduce(0) { $0 + $1.0 * $1.1 } } }
    }

    private func rows(_ m: Matrix, transposed: Bool = false) -> [[Float]] {
        let r = (0..<m.rows).map { i in (0..<m.columns).map { m[i, $0] } }
        return transposed ? (0..<m.columns).map { j in r.map { $0[j] } } : r
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func multiplyMatchesNaiveProduct(transposeA: Bool, transposeB: Bool) {
        for m in [1, 3] {
            let a = transposeA ? GradientCheck.random(4, m, seed: 1) : GradientCheck.random(m, 4, seed: 1)
            let b = transposeB ? GradientCheck.random(5, 4, seed: 2) : GradientCheck.random(4, 5, seed: 2)
            let c = Matrix(rows: m, columns: 5, repeating: 1)
            Matrix.multiply(a, transposed: transposeA, b, transposed: transposeB, into: c, alpha: 2, beta: 0.5)
            let expected = naive(rows(a, transposed: transposeA), rows(b, transposed: transposeB))
            for i in 0..<m {
                for j in 0..<5 { #expect(abs(c[i, j] - (2 * expected[i][j] + 0.5)) < 1e-5) }
            }
        }
    }

    @Test func elementwiseHelpers() {
        let a = Matrix(rows: 2, columns: 10, values: (0..<20).map(Float.init))
        #expect(a.sumOfSquares() == Double((0..<20).map { $0 * $0 }.reduce(0, +)))
        let b = a.copy()
        b.add(a, scaledBy: -0.5)
        b.scale(by: 2)
        #expect(b.values == a.values)
        #expect(a.row(1)[0] == 10)
    }
}

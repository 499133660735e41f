import Foundation
import Testing
@testable import NeuralNet

@Suite struct VectorMathTests {
    @Test func expIsAccurate() {
        var x: Float = -80
        while x < 80 {
            let reference = Foundation.exp(Double(x))
            #expect(abs(Double(VectorMath.exp(x)) - reference) <= 3e-7 * reference, "exp(\(x))")
            x += 0.37
        }
        #expect(VectorMath.exp(-1000) >= 0 && VectorMath.exp(-1000) < 1e-37)
        #expect(VectorMath.exp(1000).isFinite)
    }

    @Test func reductionsHandleTails() {
        let values = (0..<37).map { Float($0) * 0.5 - 3 }
        let other = (0..<37).map { Float($0 % 5) }
        values.withUnsafeBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                #expect(abs(VectorMath.sum(a.baseAddress!, count: 37) - values.reduce(0, +)) < 1e-4)
                let dot = zip(values, other).map { $0 * $1 }.reduce(0, +)
                #expect(abs(VectorMath.dot(a.baseAddress!, b.baseAddress!, count: 37) - dot) < 1e-3)
                let squares = values.map { ($0 - 1) * ($0 - 1) }.reduce(0, +)
                #expect(abs(VectorMath.sumOfSquares(a.baseAddress!, minus: 1, count: 37) - squares) < 1e-3)
            }
        }
    }
}

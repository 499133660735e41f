import Testing
@testable import NeuralNet

@Suite(.serialized) struct BLASTests {
    @Test func threadCountCanBeSetAndRestored() {
        let before = BLAS.threadCount
        #expect(before >= 1)
        BLAS.withThreadCount(1) { #expect(BLAS.threadCount == 1) }
        #expect(BLAS.threadCount == before)
    }
}

import Testing
@testable import NeuralNet

/// Choosing OpenBLAS kernels when its load-time detection fell back to generic ones.
@Suite struct BLASKernelsTests {
    static let avx512 = BLASKernels.CPUFeatures(avx512: true, avx2FMA: true)
    static let avx2 = BLASKernels.CPUFeatures(avx512: false, avx2FMA: true)
    static let neither = BLASKernels.CPUFeatures(avx512: false, avx2FMA: false)

    @Test("a generic fallback on a wide CPU asks for the widest kernels the CPU runs")
    func genericFallbackIsReplaced() {
        #expect(BLASKernels.betterCoreType(current: "Prescott", cpu: Self.avx512) == "SKYLAKEX")
        #expect(BLASKernels.betterCoreType(current: "Prescott", cpu: Self.avx2) == "HASWELL")
        #expect(BLASKernels.betterCoreType(current: "Sandybridge", cpu: Self.avx2) == "HASWELL")
        #expect(BLASKernels.betterCoreType(current: "Haswell", cpu: Self.avx512) == "SKYLAKEX")
    }

    @Test("kernels as wide as the CPU, or a CPU with nothing wider, are left alone")
    func adequateKernelsAreKept() {
        for core in ["SkylakeX", "Cooperlake", "SapphireRapids"] {
            #expect(BLASKernels.betterCoreType(current: core, cpu: Self.avx512) == nil)
        }
        #expect(BLASKernels.betterCoreType(current: "Haswell", cpu: Self.avx2) == nil)
        #expect(BLASKernels.betterCoreType(current: "Zen", cpu: Self.avx2) == nil)
        #expect(BLASKernels.betterCoreType(current: "Prescott", cpu: Self.neither) == nil)
        #expect(BLASKernels.betterCoreType(current: "ARMV8", cpu: Self.neither) == nil)
    }

    @Test("the library names the kernels it runs")
    func currentIsNamed() {
        #expect(!BLASKernels.current.isEmpty)
    }
}

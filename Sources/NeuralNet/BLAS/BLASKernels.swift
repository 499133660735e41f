import COpenBLAS

/// Which OpenBLAS kernels run the dense products, and better ones when OpenBLAS's own
/// detection fell back to generic kernels.
///
/// OpenBLAS built for many CPUs at once (Debian's `DYNAMIC_ARCH` build) chooses its kernels
/// from the CPU's family and model when the library loads. A CPU newer than the library, or
/// one whose model a hypervisor hides, gets the oldest x86-64 kernels ("Prescott", SSE3).
/// Measured on such a machine (an AVX-512 Xeon reported as "Intel Xeon Processor", OpenBLAS
/// 0.3.21): sgemm 512 x 512 x 512 on one thread at 16 GFLOP/s with the kernels chosen, 92
/// with the SkylakeX ones the CPU runs; Push-T training at 2,956 samples/s against 11,148.
/// OpenBLAS reads the choice only at load time (`OPENBLAS_CORETYPE`), so the executable
/// starts itself again with it set (`pushforward`'s entry point).
public enum BLASKernels {
    /// The kernel family OpenBLAS runs ("SkylakeX", "Haswell", "Prescott", ...).
    public static var current: String { String(cString: openblas_get_corename()) }

    /// The instruction sets that decide which kernels can run.
    public struct CPUFeatures: Equatable, Sendable {
        /// AVX-512 F, BW, DQ and VL, with the OS saving their registers.
        public var avx512: Bool
        /// AVX2 and FMA3.
        public var avx2FMA: Bool

        public init(avx512: Bool, avx2FMA: Bool) {
            self.avx512 = avx512
            self.avx2FMA = avx2FMA
        }

        /// This machine's CPU (always neither on a CPU other than x86).
        public static var host: CPUFeatures {
            CPUFeatures(avx512: pushforward_cpu_has_avx512() != 0, avx2FMA: pushforward_cpu_has_avx2_fma() != 0)
        }
    }

    /// Kernel families that already use AVX-512.
    static let avx512Families: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]
    /// Kernel families that already use AVX2 and FMA (or wider).
    static let avx2Families: Set<String> = avx512Families.union(["Haswell", "Zen"])

    /// The `OPENBLAS_CORETYPE` to ask for, or `nil` when the kernels running are already
    /// as wide as the CPU allows (or the CPU offers nothing OpenBLAS's x86 kernels use).
    ///
    /// - Parameters:
    ///   - current: the family OpenBLAS chose, as `current` names it.
    ///   - cpu: what the CPU can run.
    public static func betterCoreType(current: String, cpu: CPUFeatures) -> String? {
        if cpu.avx512 && !avx512Families.contains(current) { return "SKYLAKEX" }
        if cpu.avx2FMA && !avx2Families.contains(current) { return "HASWELL" }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#endif
import NeuralNet

/// Starts the process again with better OpenBLAS kernels when the library's own detection
/// fell back to generic ones (see `BLASKernels`): OpenBLAS chooses them when it loads, so
/// only a new process image can change them.
enum KernelSelection {
    /// The environment variable OpenBLAS reads at load time.
    static let variable = "OPENBLAS_CORETYPE"

    /// Replaces this process by itself with `OPENBLAS_CORETYPE` set, or returns when nothing
    /// better is known, when the user set the variable, or when the restart fails (the run
    /// then goes on with the slower kernels). Call it first, before any output.
    static func restartIfBetterKernelsExist() {
        #if os(Linux)
        guard getenv(variable) == nil,
              let core = BLASKernels.betterCoreType(current: BLASKernels.current, cpu: .host) else { return }
        setenv(variable, core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        #endif
    }
}

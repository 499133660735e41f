#include <cblas.h>

/* Thread control. OpenBLAS's cblas.h declares these, but a reference-BLAS cblas.h
   found first on the include path would not; repeating an identical prototype is
   harmless in C, and keeps the Swift side building either way. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

/* The kernel family OpenBLAS chose at load time ("SkylakeX", "Haswell", "Prescott", ...). */
char *openblas_get_corename(void);

/* What the CPU (and the OS, for the wide registers' state) can run, for choosing OpenBLAS's
   kernels when its own detection falls back to generic ones. */
#if defined(__x86_64__) || defined(__i386__)
static inline int pushforward_cpu_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
}
static inline int pushforward_cpu_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
static inline int pushforward_cpu_has_avx512(void) { return 0; }
static inline int pushforward_cpu_has_avx2_fma(void) { return 0; }
#endif

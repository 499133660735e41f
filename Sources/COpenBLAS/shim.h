#include <cblas.h>

/* Thread control. OpenBLAS's cblas.h declares these, but a reference-BLAS cblas.h
   found first on the include path would not; repeating an identical prototype is
   harmless in C, and keeps the Swift side building either way. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

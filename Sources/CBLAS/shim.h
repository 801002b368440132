#ifndef AUDIENCE_CBLAS_SHIM_H
#define AUDIENCE_CBLAS_SHIM_H
// OpenBLAS's CBLAS interface plus its threading controls (Debian: libopenblas-dev).
#include <cblas.h>
#endif

#ifndef AUDIENCE_CLAPACKE_SHIM_H
#define AUDIENCE_CLAPACKE_SHIM_H
// LAPACKE, the C interface to LAPACK (Debian: liblapacke-dev). Debian's
// OpenBLAS does not export LAPACKE, so it is linked on its own.
#include <lapacke.h>

/// `lapack_int` is a macro Swift cannot see; this typedef names it.
typedef lapack_int audience_lapack_int;
#endif

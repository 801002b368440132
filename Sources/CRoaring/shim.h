#ifndef AUDIENCE_CROARING_SHIM_H
#define AUDIENCE_CROARING_SHIM_H
// CRoaring compressed bitmaps (Debian: libroaring-dev).
#include <roaring/roaring.h>
#endif

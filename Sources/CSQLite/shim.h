#ifndef AUDIENCE_CSQLITE_SHIM_H
#define AUDIENCE_CSQLITE_SHIM_H
#include <sqlite3.h>

/// `SQLITE_TRANSIENT` is a macro casting -1 to a function pointer, which Swift
/// cannot import; binding text or blobs through it makes SQLite copy the bytes.
static inline sqlite3_destructor_type audience_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}
#endif

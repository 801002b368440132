#ifndef AUDIENCE_CMICROHTTPD_SHIM_H
#define AUDIENCE_CMICROHTTPD_SHIM_H
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

/* Swift cannot call C variadic functions; these wrappers name the options the
   server uses and pass them to the variadic calls with the C types they expect. */

/// The signature of MHD_OPTION_URI_LOG_CALLBACK: sees the raw request target
/// before MHD unescapes it, and returns the request's context pointer.
typedef void *(*audience_mhd_uri_callback)(void *cls, const char *uri, struct MHD_Connection *connection);

/// Starts a daemon bound to `address` (a sockaddr_in, or a sockaddr_in6 with
/// MHD_USE_IPv6 in `flags`). Returns NULL on failure, with errno set by MHD.
static inline struct MHD_Daemon *audience_mhd_start_daemon(
    unsigned int flags, const struct sockaddr *address,
    MHD_AccessHandlerCallback handler, void *handler_cls,
    audience_mhd_uri_callback uri_callback, void *uri_callback_cls,
    MHD_RequestCompletedCallback completed, void *completed_cls,
    unsigned int thread_pool_size, unsigned int connection_limit,
    unsigned int connection_timeout_seconds, size_t connection_memory_limit)
{
    return MHD_start_daemon(
        flags, 0, NULL, NULL, handler, handler_cls,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_URI_LOG_CALLBACK, uri_callback, uri_callback_cls,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_cls,
        MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
        MHD_OPTION_END);
}

/// The port the daemon listens on (useful after binding port 0), or 0 when MHD cannot tell.
static inline uint16_t audience_mhd_bound_port(struct MHD_Daemon *daemon)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

#endif

import CMicroHTTPD

// libmicrohttpd's callbacks. Each is a file-scope constant of the C function type
// (an inline capturing closure in their place crashes the Swift 6.3 compiler); the
// server core and the request context travel in MHD's context pointers.

/// `MHD_OPTION_URI_LOG_CALLBACK`: the raw request target arrives; make the request's context.
let httpURICallback: audience_mhd_uri_callback = { _, uri, _ in
    let raw = uri.map { String(cString: $0) } ?? ""
    return Unmanaged.passRetained(RequestContext(rawTarget: raw)).toOpaque()
}

/// `MHD_AccessHandlerCallback`: the header fields, then body pieces, then the end of a request.
let httpAccessHandler: MHD_AccessHandlerCallback = { cls, connection, _, method, _, uploadData, uploadDataSize, requestContext in
    guard let cls, let connection, let method, let uploadDataSize, let slot = requestContext, let pointer = slot.pointee
    else { return .NO }
    let core = Unmanaged<HTTPServerCore>.fromOpaque(cls).takeUnretainedValue()
    let context = Unmanaged<RequestContext>.fromOpaque(pointer).takeUnretainedValue()
    return core.access(
        connection: connection, context: context, method: String(cString: method),
        uploadData: uploadData, uploadDataSize: uploadDataSize)
}

/// `MHD_OPTION_NOTIFY_COMPLETED`: the request is over (answered or aborted); release its context.
let httpRequestCompleted: MHD_RequestCompletedCallback = { _, _, requestContext, _ in
    guard let slot = requestContext, let pointer = slot.pointee else { return }
    slot.pointee = nil
    Unmanaged<RequestContext>.fromOpaque(pointer).release()
}

/// `MHD_KeyValueIterator` over the header fields into the request context.
let httpHeaderIterator: MHD_KeyValueIterator = { cls, _, key, value in
    guard let cls, let key else { return .YES }
    let context = Unmanaged<RequestContext>.fromOpaque(cls).takeUnretainedValue()
    context.addHeader(name: String(cString: key), value: value.map { String(cString: $0) } ?? "")
    return .YES
}

/// `MHD_ContentReaderCallback` of a streamed response: fill MHD's buffer from the stream.
let httpStreamReader: MHD_ContentReaderCallback = { cls, _, buffer, capacity in
    guard let cls, let buffer else { return httpStreamFailed }
    let box = Unmanaged<ResponseStreamBox>.fromOpaque(cls).takeUnretainedValue()
    switch box.fill(buffer, capacity: capacity) {
    case .bytes(let count): return count
    case .end: return httpStreamEnded
    case .failed: return httpStreamFailed
    }
}

/// `MHD_ContentReaderFreeCallback`: MHD is done with the streamed response; release the stream.
let httpStreamRelease: MHD_ContentReaderFreeCallback = { cls in
    guard let cls else { return }
    Unmanaged<ResponseStreamBox>.fromOpaque(cls).release()
}

/// `MHD_CONTENT_READER_END_OF_STREAM` (a cast macro Swift does not import).
let httpStreamEnded = -1
/// `MHD_CONTENT_READER_END_WITH_ERROR`: MHD closes the connection without finishing the body.
let httpStreamFailed = -2

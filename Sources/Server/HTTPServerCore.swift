import CMicroHTTPD
import Foundation

/// The part of an `HTTPServer` that libmicrohttpd's threads call into.
///
/// Immutable after creation, so any pool thread may use it at any time.
final class HTTPServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: @Sendable (Request) -> Response
    /// Body bytes read and dropped past the limit before the connection is simply closed.
    let dropLimitBytes: Int

    init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (Request) -> Response) {
        self.configuration = configuration
        self.handler = handler
        self.dropLimitBytes = max(16 << 20, 8 * configuration.maxBodyBytes)
    }

    /// The answer to a body over the limit.
    var tooLargeResponse: Response {
        HTTPError(
            status: 413,
            message: "the request body is larger than the limit of \(configuration.maxBodyBytes) bytes"
        ).response
    }

    /// One call of MHD's access handler: the header fields, a piece of the body, or the end.
    ///
    /// The body is read into the context across calls; once the whole request is in,
    /// the handler runs and its response is queued on the connection.
    func access(
        connection: OpaquePointer, context: RequestContext, method: String,
        uploadData: UnsafePointer<CChar>?, uploadDataSize: UnsafeMutablePointer<Int>
    ) -> MHD_Result {
        if !context.hasStarted {
            context.hasStarted = true
            context.method = method
            let contextPointer = Unmanaged.passUnretained(context).toOpaque()
            // The return value is the number of fields; there is no failure to check.
            _ = MHD_get_connection_values(connection, .HEADER_KIND, httpHeaderIterator, contextPointer)
            if let length = context.headers["content-length"].flatMap({ Int($0) }),
               length > configuration.maxBodyBytes {
                // Answer before the body is sent; MHD closes the connection afterwards.
                context.isAnswered = true
                return queue(tooLargeResponse, on: connection)
            }
            if let length = context.headers["content-length"].flatMap({ Int($0) }) {
                context.body.reserveCapacity(length)
            }
            return .YES
        }

        let count = uploadDataSize.pointee
        if count > 0 {
            uploadDataSize.pointee = 0
            if context.isAnswered || context.isBodyTooLarge {
                context.droppedBytes += count
                return context.droppedBytes > dropLimitBytes ? .NO : .YES
            }
            guard context.body.count + count <= configuration.maxBodyBytes else {
                context.isBodyTooLarge = true
                context.droppedBytes = context.body.count + count
                context.body = []
                return .YES
            }
            if let uploadData {
                uploadData.withMemoryRebound(to: UInt8.self, capacity: count) { bytes in
                    context.body.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
                }
            }
            return .YES
        }

        if context.isAnswered { return .YES }
        context.isAnswered = true
        if context.isBodyTooLarge { return queue(tooLargeResponse, on: connection) }
        let response: Response
        do {
            let target = try RequestTarget(raw: context.rawTarget)
            let request = Request(
                method: context.method, path: target.path, pathSegments: target.segments,
                queryItems: target.queryItems.map { ($0.name, $0.value) },
                headers: context.headers, body: Data(context.body))
            context.body = []
            response = handler(request)
        } catch let error as HTTPError {
            response = error.response
        } catch {
            configuration.log("request target \(context.rawTarget.debugDescription): \(error)")
            response = HTTPError(status: 400, message: "the request could not be read").response
        }
        return queue(response, on: connection)
    }

    /// Hands `response` to MHD for `connection`, adding the default header fields.
    ///
    /// Returns `.NO` (MHD then closes the connection) when MHD refuses any step.
    func queue(_ response: Response, on connection: OpaquePointer) -> MHD_Result {
        let created: OpaquePointer?
        switch response.body {
        case .bytes(let bytes):
            created = bytes.withUnsafeBytes { raw in
                MHD_create_response_from_buffer(raw.count, UnsafeMutableRawPointer(mutating: raw.baseAddress), .RESPMEM_MUST_COPY)
            }
        case .stream(let stream):
            let box = Unmanaged.passRetained(ResponseStreamBox(stream: stream, log: configuration.log))
            created = MHD_create_response_from_callback(
                UInt64.max, 64 * 1024, httpStreamReader, box.toOpaque(), httpStreamRelease)
            if created == nil { box.release() }
        }
        guard let mhdResponse = created else {
            configuration.log("MHD_create_response failed for a \(response.status) response")
            return .NO
        }
        defer { MHD_destroy_response(mhdResponse) }

        var headers = response.headers
        for header in configuration.defaultHeaders where response.header(header.name) == nil {
            headers.append(header)
        }
        for header in headers {
            guard MHD_add_response_header(mhdResponse, header.name, header.value) == MHD_Result.YES else {
                configuration.log("MHD_add_response_header refused \(header.name)")
                return .NO
            }
        }
        guard MHD_queue_response(connection, UInt32(response.status), mhdResponse) == MHD_Result.YES else {
            configuration.log("MHD_queue_response failed for a \(response.status) response")
            return .NO
        }
        return .YES
    }
}

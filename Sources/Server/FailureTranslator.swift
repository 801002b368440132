import Foundation
import Workspace

/// Turns any error from a handler or job into an answer safe to show a client.
///
/// `HTTPError`s pass through. Workspace errors map by `FailureKind`: bad input data
/// → 422, a missing workspace or snapshot → 404, another workspace state → 409,
/// busy → 503 with `Retry-After`. Their messages lose directory parts of file paths
/// (`…/data/customers.csv:12: …` → `customers.csv:12: …`). Anything else is logged
/// for the operator and answered 500 with a generic message: no stack traces, no paths.
struct FailureTranslator: Sendable {
    /// Seconds a client should wait before retrying a busy workspace.
    static let retryAfterSeconds = 5

    let workspaceDirectory: String
    let log: @Sendable (String) -> Void

    func httpError(for error: any Error) -> HTTPError {
        if let error = error as? HTTPError { return error }
        let message = withoutDirectories(String(describing: error))
        switch FailureKind(of: error) {
        case .badInput:
            return HTTPError(status: 422, message: message)
        case .workspace:
            switch error {
            case WorkspaceError.noSnapshot:
                return HTTPError(status: 404, message: "the workspace has no data yet; start an ingest (POST /api/ingest)")
            case WorkspaceError.notAWorkspace:
                return HTTPError(status: 404, message: message)
            default:
                return HTTPError(status: 409, message: message)
            }
        case .busy:
            return HTTPError(
                status: 503, message: message,
                headers: [HTTPHeader("Retry-After", String(Self.retryAfterSeconds))])
        case .other:
            log("internal error: \(error)")
            return HTTPError(status: 500, message: "internal error; the server log has the details")
        }
    }

    /// The failure of a job, as its status and message.
    func jobFailure(for error: any Error) -> Job.Failure {
        let http = httpError(for: error)
        return Job.Failure(status: http.status, message: http.message)
    }

    /// `text` with the workspace folder and the directory part of every absolute path removed.
    func withoutDirectories(_ text: String) -> String {
        let text = text.replacingOccurrences(of: workspaceDirectory + "/", with: "")
        // An absolute path starts at the text's start or after a space, quote, parenthesis or `=`;
        // keep its last component only.
        var out = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let startsPath = character == "/"
                && (index == text.startIndex || " \t\"'(=".contains(text[text.index(before: index)]))
            guard startsPath else {
                out.append(character)
                index = text.index(after: index)
                continue
            }
            var end = index
            var lastSlash = index
            while end < text.endIndex, !" \t\"'):,".contains(text[end]) {
                if text[end] == "/" { lastSlash = end }
                end = text.index(after: end)
            }
            out += text[text.index(after: lastSlash)..<end]
            index = end
        }
        return out
    }
}

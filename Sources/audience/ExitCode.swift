import Workspace

/// The exit codes of `audience`, as README.md lists them.
enum ExitCode {
    static let success: Int32 = 0
    static let failure: Int32 = 1
    static let usage: Int32 = 2
    static let badInput: Int32 = 3
    static let workspace: Int32 = 4
    static let busy: Int32 = 5

    /// The code for an error thrown by a command.
    static func of(_ error: any Error) -> Int32 {
        switch FailureKind(of: error) {
        case .badInput: return badInput
        case .workspace: return workspace
        case .busy: return busy
        case .other: return failure
        }
    }
}

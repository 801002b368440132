@preconcurrency import Glibc
import ArgumentParsing
import Workspace

/// Parses the command line, runs the command and exits with its code.
///
/// Exit codes (listed in README.md): 0 success, 1 internal failure, 2 usage error,
/// 3 bad input data, 4 workspace or config problem, 5 the store is busy.
let arguments = Array(CommandLine.arguments.dropFirst())
let code: Int32
do {
    switch try Tool.root.parse(arguments) {
    case .help(let command, let path):
        print(command.helpText(path: path), terminator: "")
        code = 0
    case .run(let command, let parsed):
        code = try command.action!(parsed)
    }
} catch let error as UsageError {
    fputs("error: \(error)\n", stderr)
    code = ExitCode.usage
} catch {
    fputs("error: \(error)\n", stderr)
    code = ExitCode.of(error)
}
exit(code)

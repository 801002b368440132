/// What parsing the command line asks the tool to do.
public enum ParseOutcome: Sendable {
    /// Run `command`'s action with `arguments`.
    case run(Command, ParsedArguments)
    /// Print the help of the command at `path` (from `--help`, `-h`, `help NAME…`,
    /// or a command with subcommands given none).
    case help(Command, path: [String])
}

extension Command {
    /// Parses `arguments` (without the program name) down this command tree.
    ///
    /// Options go after the command they belong to: `audience ingest --workspace shop`.
    /// `--name=value`, `--name value` and `-n value` are equivalent; `--` ends the options.
    ///
    /// - Throws: `UsageError` naming the unknown command or option (with a suggestion),
    ///   the missing value or argument, or the unexpected extra argument.
    public func parse(_ arguments: [String]) throws -> ParseOutcome {
        var command = self
        var path = [name]
        var parsed = ParsedArguments(commandPath: path, command: command)
        var positionalIndex = 0
        var optionsEnded = false
        var index = 0

        while index < arguments.count {
            let argument = arguments[index]
            index += 1

            if !optionsEnded, argument == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded, argument == "--help" || argument == "-h" {
                return .help(command, path: path)
            }
            if !optionsEnded, argument.hasPrefix("-"), argument != "-" {
                index = try parseOption(argument, of: command, in: arguments, at: index, into: &parsed)
                continue
            }
            if !command.subcommands.isEmpty {
                if argument == "help" {
                    return try resolveHelp(from: command, path: path, names: Array(arguments[index...]))
                }
                guard let next = command.subcommand(named: argument) else {
                    throw UsageError(
                        "unknown command \"\(argument)\" for \"\(path.joined(separator: " "))\""
                            + suggestion(for: argument, among: command.subcommands.map(\.name)),
                        commandPath: path)
                }
                command = next
                path.append(next.name)
                parsed = ParsedArguments(commandPath: path, command: command)
                continue
            }
            if let last = command.arguments.last, last.isVariadic, positionalIndex >= command.arguments.count - 1 {
                parsed.variadicValues.append(argument)
                parsed.positionals[last.name] = parsed.positionals[last.name] ?? argument
                positionalIndex = command.arguments.count
                continue
            }
            guard positionalIndex < command.arguments.count else {
                throw UsageError("unexpected argument \"\(argument)\"", commandPath: path)
            }
            parsed.positionals[command.arguments[positionalIndex].name] = argument
            positionalIndex += 1
        }

        if command.action == nil {
            return .help(command, path: path)
        }
        if let missing = command.arguments.dropFirst(positionalIndex).first(where: { !$0.isOptional }) {
            throw UsageError("missing argument \(missing.name)", commandPath: path)
        }
        return .run(command, parsed)
    }

    /// Reads one option (and its value) starting at `arguments[index - 1]`; returns the next index.
    private func parseOption(
        _ argument: String, of command: Command, in arguments: [String], at index: Int,
        into parsed: inout ParsedArguments
    ) throws -> Int {
        var index = index
        let path = parsed.commandPath
        var inlineValue: String?
        let option: Option?
        let spelled: String
        if argument.hasPrefix("--") {
            var body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                inlineValue = String(body[body.index(after: equals)...])
                body = body[..<equals]
            }
            spelled = "--" + body
            option = command.options.first { $0.name == body }
        } else {
            spelled = argument
            let letters = argument.dropFirst()
            option = letters.count == 1 ? command.options.first { $0.shortName == letters.first } : nil
        }
        guard let option else {
            let names = command.options.map { "--" + $0.name }
            throw UsageError(
                "unknown option \"\(spelled)\" for \"\(path.joined(separator: " "))\""
                    + suggestion(for: spelled, among: names),
                commandPath: path)
        }
        switch option.kind {
        case .flag:
            if inlineValue != nil {
                throw UsageError("--\(option.name) is a flag and takes no value", commandPath: path)
            }
            parsed.flags.insert(option.name)
        case .value, .repeated:
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else {
                    throw UsageError("missing value for --\(option.name)", commandPath: path)
                }
                value = arguments[index]
                index += 1
            }
            if case .value = option.kind {
                parsed.values[option.name] = [value]
            } else {
                parsed.values[option.name, default: []].append(value)
            }
        }
        return index
    }

    /// `help a b` names the command `a b` below `command`.
    private func resolveHelp(from command: Command, path: [String], names: [String]) throws -> ParseOutcome {
        var command = command
        var path = path
        for name in names {
            guard let next = command.subcommand(named: name) else {
                throw UsageError(
                    "no help for \"\(name)\": \"\(path.joined(separator: " "))\" has no such command"
                        + suggestion(for: name, among: command.subcommands.map(\.name)),
                    commandPath: path)
            }
            command = next
            path.append(name)
        }
        return .help(command, path: path)
    }
}

/// `"; did you mean \"x\"?"` for the closest of `candidates` within a small edit distance, else `""`.
func suggestion(for word: String, among candidates: [String]) -> String {
    let scored = candidates.map { ($0, editDistance(word, $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, word.count / 3) else { return "" }
    return "; did you mean \"\(best.0)\"?"
}

/// The Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The values given to the command that parsing reached.
public struct ParsedArguments: Sendable {
    /// The names from the root to the command reached (`["audience", "fixtures", "generate"]`).
    public var commandPath: [String]
    var values: [String: [String]]
    var flags: Set<String>
    var positionals: [String: String]
    /// The values of a variadic last argument, in order.
    var variadicValues: [String] = []
    var defaults: [String: String]

    init(commandPath: [String], command: Command) {
        self.commandPath = commandPath
        values = [:]
        flags = []
        positionals = [:]
        defaults = [:]
        for option in command.options {
            if let value = option.defaultValue { defaults[option.name] = value }
        }
    }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    /// The value of `--name` (the last one given), its default, or `nil`.
    public func string(_ name: String) -> String? {
        values[name]?.last ?? defaults[name]
    }

    /// Every value given to a repeated option, in order.
    public func strings(_ name: String) -> [String] {
        values[name] ?? []
    }

    /// The positional argument called `name`, or `nil` when an optional one was left out.
    public func argument(_ name: String) -> String? {
        positionals[name]
    }

    /// Every value of the variadic argument called `name` (empty when none was given).
    public func arguments(_ name: String) -> [String] {
        positionals[name] == nil ? [] : variadicValues
    }

    /// The value of `--name` as a whole number.
    ///
    /// - Throws: `UsageError` when the value is not a whole number or is below `minimum`.
    public func int(_ name: String, minimum: Int? = nil) throws -> Int? {
        guard let text = string(name) else { return nil }
        let digits = String(text.filter { $0 != "_" })
        guard let value = Int(digits) else {
            throw UsageError("--\(name) expects a whole number, got \"\(text)\"", commandPath: commandPath)
        }
        if let minimum, value < minimum {
            throw UsageError("--\(name) must be at least \(minimum), got \(value)", commandPath: commandPath)
        }
        return value
    }

    /// The value of `--name`, or a `UsageError` saying it is required.
    public func required(_ name: String) throws -> String {
        guard let value = string(name) else {
            throw UsageError("missing --\(name)", commandPath: commandPath)
        }
        return value
    }

    /// The value of `--name` as a whole number, or a `UsageError` saying it is required.
    public func requiredInt(_ name: String, minimum: Int? = nil) throws -> Int {
        guard let value = try int(name, minimum: minimum) else {
            throw UsageError("missing --\(name)", commandPath: commandPath)
        }
        return value
    }
}

/// A mistake in how the tool was called: printed with a hint to `--help`, exit code 2.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public var message: String
    /// The command whose help the user should read.
    public var commandPath: [String]

    public init(_ message: String, commandPath: [String]) {
        self.message = message
        self.commandPath = commandPath
    }

    public var description: String {
        "\(message)\nSee '\(commandPath.joined(separator: " ")) --help'."
    }
}

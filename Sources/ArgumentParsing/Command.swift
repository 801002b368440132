/// A command of a command-line tool: its name, help texts, the options and
/// positional arguments it takes, and either subcommands or an action.
///
/// The tool is a tree of commands; `Command.parse(_:)` walks the arguments
/// down the tree and returns the command reached with its parsed values.
public struct Command: Sendable {
    /// What a command does with its parsed arguments; returns the exit code.
    public typealias Action = @Sendable (ParsedArguments) throws -> Int32

    public var name: String
    /// One line for the command list of the parent's help.
    public var abstract: String
    /// Paragraphs printed after the usage line of this command's help.
    public var discussion: String
    public var options: [Option]
    public var arguments: [Argument]
    public var subcommands: [Command]
    public var action: Action?

    public init(
        name: String,
        abstract: String,
        discussion: String = "",
        options: [Option] = [],
        arguments: [Argument] = [],
        subcommands: [Command] = [],
        action: Action? = nil
    ) {
        precondition(
            action != nil || !subcommands.isEmpty,
            "Command.init: \(name) needs an action or subcommands")
        precondition(
            subcommands.isEmpty || arguments.isEmpty,
            "Command.init: \(name) cannot take both subcommands and positional arguments")
        precondition(
            Set(options.map(\.name)).count == options.count,
            "Command.init: \(name) declares an option name twice")
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.action = action
    }

    /// The subcommand named `name`, if any.
    public func subcommand(named name: String) -> Command? {
        subcommands.first { $0.name == name }
    }
}

/// A named option: `--name VALUE`, `--name=VALUE`, `-n VALUE`, or a flag `--name`.
public struct Option: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Present or absent; takes no value.
        case flag
        /// Takes one value; the last one given wins.
        case value(placeholder: String)
        /// Takes one value and may be repeated; every value is kept in order.
        case repeated(placeholder: String)
    }

    public var name: String
    public var shortName: Character?
    public var kind: Kind
    public var help: String
    /// The value used when the option is absent, shown in help.
    public var defaultValue: String?

    public init(_ name: String, short shortName: Character? = nil, kind: Kind, help: String, default defaultValue: String? = nil) {
        self.name = name
        self.shortName = shortName
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
    }

    public static func flag(_ name: String, short: Character? = nil, help: String) -> Option {
        Option(name, short: short, kind: .flag, help: help)
    }

    public static func value(
        _ name: String, short: Character? = nil, placeholder: String, help: String, default defaultValue: String? = nil
    ) -> Option {
        Option(name, short: short, kind: .value(placeholder: placeholder), help: help, default: defaultValue)
    }

    public static func repeated(_ name: String, placeholder: String, help: String) -> Option {
        Option(name, kind: .repeated(placeholder: placeholder), help: help)
    }

    var takesValue: Bool { kind != .flag }
}

/// A positional argument.
public struct Argument: Sendable {
    public var name: String
    public var help: String
    public var isOptional: Bool
    /// Takes every remaining value (only the last argument); read with `ParsedArguments.arguments(_:)`.
    public var isVariadic: Bool

    public init(_ name: String, help: String, isOptional: Bool = false, isVariadic: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isVariadic = isVariadic
    }
}

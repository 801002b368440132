import Testing
@testable import ArgumentParsing

/// A small tree shaped like the real tool's.
private let tool = Command(
    name: "tool",
    abstract: "A tool.",
    subcommands: [
        Command(
            name: "init",
            abstract: "Create a workspace.",
            options: [
                .value("name", short: "n", placeholder: "NAME", help: "The name.", default: "shop"),
                .flag("force", help: "Overwrite."),
                .repeated("activities", placeholder: "FILE", help: "Activity files."),
                .value("count", placeholder: "N", help: "How many."),
            ],
            arguments: [Argument("DIR", help: "Where."), Argument("EXTRA", help: "More.", isOptional: true)],
            action: { _ in 0 }),
        Command(
            name: "fixtures",
            abstract: "Fixtures.",
            subcommands: [Command(name: "generate", abstract: "Generate data.", action: { _ in 0 })]),
    ])

private func run(_ arguments: [String]) throws -> ParsedArguments {
    guard case .run(_, let parsed) = try tool.parse(arguments) else {
        Issue.record("expected a command to run for \(arguments)")
        throw UsageError("no run", commandPath: [])
    }
    return parsed
}

private func usageError(_ arguments: [String]) -> UsageError? {
    do {
        _ = try tool.parse(arguments)
        return nil
    } catch let error as UsageError {
        return error
    } catch {
        return nil
    }
}

@Test func optionsInEverySpellingGiveTheSameValue() throws {
    for spelling in [["--name", "web"], ["--name=web"], ["-n", "web"]] {
        let parsed = try run(["init", "dir"] + spelling)
        #expect(parsed.string("name") == "web")
        #expect(parsed.argument("DIR") == "dir")
        #expect(parsed.commandPath == ["tool", "init"])
    }
}

@Test func defaultsFlagsRepeatsAndOptionalArguments() throws {
    let parsed = try run(["init", "--activities", "a.csv", "dir", "--force", "--activities=b.csv"])
    #expect(parsed.string("name") == "shop")
    #expect(parsed.flag("force"))
    #expect(parsed.strings("activities") == ["a.csv", "b.csv"])
    #expect(parsed.argument("EXTRA") == nil)
}

@Test func doubleDashEndsOptions() throws {
    let parsed = try run(["init", "--", "-weird-dir"])
    #expect(parsed.argument("DIR") == "-weird-dir")
}

@Test func wholeNumbersAreCheckedWithTheOptionNamed() throws {
    #expect(try run(["init", "d", "--count", "1_000"]).int("count") == 1000)
    let parsed = try run(["init", "d", "--count", "ten"])
    #expect(throws: UsageError("--count expects a whole number, got \"ten\"", commandPath: ["tool", "init"])) {
        try parsed.int("count")
    }
    #expect(throws: UsageError.self) { try parsed.requiredInt("missing") }
}

@Test func unknownNamesGetASuggestion() throws {
    let command = try #require(usageError(["inti"]))
    #expect(command.message == "unknown command \"inti\" for \"tool\"; did you mean \"init\"?")
    let option = try #require(usageError(["init", "d", "--forse"]))
    #expect(option.message == "unknown option \"--forse\" for \"tool init\"; did you mean \"--force\"?")
    #expect(option.description.hasSuffix("See 'tool init --help'."))
}

@Test func missingAndExtraArgumentsAreUsageErrors() {
    #expect(usageError(["init"])?.message == "missing argument DIR")
    #expect(usageError(["init", "a", "b", "c"])?.message == "unexpected argument \"c\"")
    #expect(usageError(["init", "a", "--name"])?.message == "missing value for --name")
    #expect(usageError(["init", "a", "--force=yes"])?.message == "--force is a flag and takes no value")
}

@Test func helpIsReachableOnEveryLevel() throws {
    for arguments in [["--help"], ["help"], ["fixtures"], ["fixtures", "-h"], ["help", "fixtures", "generate"], ["init", "--help"]] {
        guard case .help(let command, let path) = try tool.parse(arguments) else {
            Issue.record("expected help for \(arguments)")
            continue
        }
        let text = command.helpText(path: path)
        #expect(text.contains("USAGE: " + path.joined(separator: " ")))
    }
    #expect(usageError(["help", "nope"])?.message.hasPrefix("no help for \"nope\"") == true)
}

@Test func helpListsOptionsWithDefaultsAndSubcommands() {
    let initHelp = tool.subcommand(named: "init")!.helpText(path: ["tool", "init"])
    #expect(initHelp.contains("USAGE: tool init [options] DIR [EXTRA]"))
    #expect(initHelp.contains("-n, --name NAME"))
    #expect(initHelp.contains("The name. (default: shop)"))
    #expect(initHelp.contains("--activities FILE ..."))
    let rootHelp = tool.helpText(path: ["tool"])
    #expect(rootHelp.contains("fixtures"))
    #expect(rootHelp.contains("Create a workspace."))
}

@Test func editDistanceCountsEdits() {
    #expect(editDistance("kitten", "sitting") == 3)
    #expect(editDistance("", "abc") == 3)
    #expect(editDistance("same", "same") == 0)
    #expect(suggestion(for: "zzzzzz", among: ["init", "ingest"]) == "")
}

extension Command {
    /// The help text of this command, reached by `path` (`["audience", "fixtures"]`).
    public func helpText(path: [String]) -> String {
        var lines: [String] = []
        lines.append(abstract)
        lines.append("")
        lines.append("USAGE: " + usage(path: path))
        if !discussion.isEmpty {
            lines.append("")
            lines.append(discussion)
        }
        if !arguments.isEmpty {
            lines.append("")
            lines.append("ARGUMENTS:")
            lines += table(arguments.map { ($0.name, $0.help) })
        }
        lines.append("")
        lines.append("OPTIONS:")
        var rows = options.map { option -> (String, String) in
            var left = option.shortName.map { "-\($0), " } ?? ""
            left += "--\(option.name)"
            switch option.kind {
            case .flag: break
            case .value(let placeholder): left += " \(placeholder)"
            case .repeated(let placeholder): left += " \(placeholder) ..."
            }
            var help = option.help
            if let value = option.defaultValue { help += " (default: \(value))" }
            return (left, help)
        }
        rows.append(("-h, --help", "Show this help."))
        lines += table(rows)
        if !subcommands.isEmpty {
            lines.append("")
            lines.append("COMMANDS:")
            lines += table(subcommands.map { ($0.name, $0.abstract) })
            lines.append("")
            lines.append("See '\(path.joined(separator: " ")) help <command>' for a command's help.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `audience init [options] DIR` or `audience fixtures <command>`.
    public func usage(path: [String]) -> String {
        var words = path
        if !subcommands.isEmpty {
            words.append("<command>")
        } else {
            if !options.isEmpty { words.append("[options]") }
            words += arguments.map { ($0.isOptional ? "[\($0.name)]" : $0.name) + ($0.isVariadic ? "…" : "") }
        }
        return words.joined(separator: " ")
    }

    private func table(_ rows: [(String, String)]) -> [String] {
        let width = min(30, rows.map(\.0.count).max() ?? 0)
        return rows.map { left, right in
            if left.count > width {
                return "  \(left)\n  \(String(repeating: " ", count: width))  \(right)"
            }
            return "  " + left + String(repeating: " ", count: width - left.count) + "  " + right
        }
    }
}

/// Splits definition text into tokens, keeping each token's line and column.
struct SegmentLexer {
    private let scalars: [Unicode.Scalar]
    private let lines: [String]
    private var index = 0
    private var line = 1
    private var column = 1

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The source line `number` (1-based), for caret diagrams.
    func sourceLine(_ number: Int) -> String? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// All tokens, ending with `.end`.
    mutating func tokens() throws(SegmentSyntaxError) -> [SegmentToken] {
        var result: [SegmentToken] = []
        while true {
            let token = try next()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private func error(_ message: String, at location: SourceLocation) -> SegmentSyntaxError {
        SegmentSyntaxError(message: message, location: location, sourceLine: sourceLine(location.line))
    }

    private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    private static func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar >= "0" && scalar <= "9"
    }

    static func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
    }

    static func isWordPart(_ scalar: Unicode.Scalar) -> Bool {
        isWordStart(scalar) || (scalar >= "0" && scalar <= "9")
    }

    private mutating func next() throws(SegmentSyntaxError) -> SegmentToken {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
            advance()
        }
        let start = SourceLocation(line: line, column: column)
        guard let scalar = current else { return SegmentToken(kind: .end, location: start) }
        if SegmentLexer.isWordStart(scalar) {
            var word = ""
            while let next = current, SegmentLexer.isWordPart(next) {
                word.unicodeScalars.append(next)
                advance()
            }
            return SegmentToken(kind: .word(word), location: start)
        }
        if scalar == "\"" || scalar == "`" {
            let text = try quoted(closing: scalar, start: start)
            return SegmentToken(kind: scalar == "\"" ? .string(text) : .quotedName(text), location: start)
        }
        if SegmentLexer.isDigit(scalar) || (scalar == "-" && SegmentLexer.isDigit(peek(1))) {
            return try numberOrDate(start: start)
        }
        switch scalar {
        case "(", ")", ",", "=":
            advance()
            return SegmentToken(kind: .symbol(String(scalar)), location: start)
        case "<", ">", "!":
            advance()
            if current == "=" {
                advance()
                return SegmentToken(kind: .symbol(String(scalar) + "="), location: start)
            }
            if scalar == "!" {
                throw error("\"!\" must be followed by \"=\" (write != for not equal)", at: start)
            }
            return SegmentToken(kind: .symbol(String(scalar)), location: start)
        default:
            let hint = scalar == "'" ? "; write text in double quotes (\"gold\")" : ""
            throw error("unexpected character \"\(scalar)\"" + hint, at: start)
        }
    }

    /// Reads a double-quoted text or a backtick-quoted name with `\` escapes.
    private mutating func quoted(closing: Unicode.Scalar, start: SourceLocation) throws(SegmentSyntaxError) -> String {
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = current, scalar != "\n" else {
                throw error(closing == "\"" ? "this text has no closing \"" : "this name has no closing `", at: start)
            }
            if scalar == closing {
                advance()
                return String(text)
            }
            if scalar == "\\" {
                let escapeStart = SourceLocation(line: line, column: column)
                advance()
                guard let escaped = current else { continue }
                advance()
                switch escaped {
                case "\\", "\"", "`": text.append(escaped)
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "u":
                    guard current == "{" else {
                        throw error("write a Unicode escape as \\u{1F600}", at: escapeStart)
                    }
                    advance()
                    var hex = ""
                    while let digit = current, digit != "}", hex.count <= 8 {
                        hex.unicodeScalars.append(digit)
                        advance()
                    }
                    guard current == "}", let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) else {
                        throw error("\\u{\(hex)} is not a Unicode scalar", at: escapeStart)
                    }
                    advance()
                    text.append(decoded)
                default:
                    throw error("unknown escape \\\(escaped) (use \\\\, \\\", \\`, \\n, \\t, \\r or \\u{…})", at: escapeStart)
                }
                continue
            }
            text.append(scalar)
            advance()
        }
    }

    /// Reads `-12.5e3`, `2024-03-01` or `2024-03-01T09:30:00Z`.
    private mutating func numberOrDate(start: SourceLocation) throws(SegmentSyntaxError) -> SegmentToken {
        let isDateShape = (0..<4).allSatisfy { SegmentLexer.isDigit(peek($0)) } && peek(4) == "-"
        if isDateShape {
            var text = ""
            while let scalar = current, SegmentLexer.isDigit(scalar) || scalar == "-" {
                text.unicodeScalars.append(scalar)
                advance()
            }
            if current == "T" || current == "t" {
                while let scalar = current,
                      SegmentLexer.isDigit(scalar) || ":.+-TtZz".unicodeScalars.contains(scalar) {
                    text.unicodeScalars.append(scalar)
                    advance()
                }
                guard let value = DateTimeLiteral(iso: text) else {
                    throw error(
                        "\"\(text)\" is not a date and time (write yyyy-MM-ddTHH:mm:ss, optionally with Z or ±HH:MM)",
                        at: start)
                }
                return SegmentToken(kind: .datetime(value), location: start)
            }
            guard let date = CalendarDate(iso: text) else {
                throw error("\"\(text)\" is not a date (write yyyy-MM-dd with a day that exists)", at: start)
            }
            return SegmentToken(kind: .date(date), location: start)
        }
        var text = ""
        if current == "-" {
            text = "-"
            advance()
        }
        func digits(into text: inout String) {
            while let scalar = current, SegmentLexer.isDigit(scalar) {
                text.unicodeScalars.append(scalar)
                advance()
            }
        }
        digits(into: &text)
        if current == ".", SegmentLexer.isDigit(peek(1)) {
            text += "."
            advance()
            digits(into: &text)
        }
        if current == "e" || current == "E" {
            let signOffset = peek(1) == "+" || peek(1) == "-" ? 1 : 0
            if SegmentLexer.isDigit(peek(1 + signOffset)) {
                text += "e"
                advance()
                if signOffset == 1, let sign = current {
                    text.unicodeScalars.append(sign)
                    advance()
                }
                digits(into: &text)
            }
        }
        if let scalar = current, SegmentLexer.isWordPart(scalar) {
            throw error("a number cannot run into a word (\"\(text)\(scalar)…\"); add a space", at: start)
        }
        guard let value = Double(text), value.isFinite else {
            throw error("\(text) is not a finite number", at: start)
        }
        return SegmentToken(kind: .number(value, text: text), location: start)
    }
}

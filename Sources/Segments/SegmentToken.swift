/// One token of definition text.
struct SegmentToken: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// A bare word: a keyword or a name (`age`, `and`, `within`).
        case word(String)
        /// A name in backticks (`` `first name` ``), never a keyword.
        case quotedName(String)
        /// A text in double quotes.
        case string(String)
        /// A number, with its text to tell whole numbers apart.
        case number(Double, text: String)
        case date(CalendarDate)
        case datetime(DateTimeLiteral)
        /// `(`, `)`, `,`, `=`, `!=`, `<`, `<=`, `>`, `>=`.
        case symbol(String)
        case end
    }

    var kind: Kind
    var location: SourceLocation

    /// How the token is named in messages.
    var quoted: String {
        switch kind {
        case .word(let word): return "\"\(word)\""
        case .quotedName(let name): return "`\(name)`"
        case .string(let text): return "the text \"\(text)\""
        case .number(_, let text): return "the number \(text)"
        case .date(let date): return "the date \(date.isoString)"
        case .datetime(let value): return "the date and time \(value.isoString)"
        case .symbol(let symbol): return "\"\(symbol)\""
        case .end: return "end of input"
        }
    }

    /// Whether the token is the bare word `keyword`, ignoring case.
    func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = kind { return word.lowercased() == keyword }
        return false
    }

    /// Whether the token is the symbol `symbol`.
    func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let text) = kind { return text == symbol }
        return false
    }
}

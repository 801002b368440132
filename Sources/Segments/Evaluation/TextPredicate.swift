/// A text test (`=`, `!=`, `in`, `not in`, `contains`, `starts with`, `ends with`)
/// compiled once into a function of a non-empty value's UTF-8 bytes.
///
/// Texts compare byte by byte (no Unicode normalisation, like SQL); with
/// `ignoring case` both sides are lowercased first with `String.lowercased()`.
struct TextPredicate {
    let matches: (UnsafeBufferPointer<UInt8>) -> Bool

    /// Precondition: `test` is one of the text tests above, with text operands.
    init(_ test: ValueTest, ignoreCase: Bool) {
        func text(_ literal: Literal) -> [UInt8] {
            guard case .text(let value) = literal else {
                preconditionFailure("TextPredicate.init: \(literal.text) is not a text; validate first")
            }
            return Array((ignoreCase ? value.lowercased() : value).utf8)
        }
        let compare: ([UInt8]) -> Bool
        let negate: Bool
        switch test {
        case .equals(let literal):
            let wanted = text(literal)
            compare = { $0 == wanted }
            negate = false
        case .notEquals(let literal):
            let wanted = text(literal)
            compare = { $0 == wanted }
            negate = true
        case .isIn(let literals), .notIn(let literals):
            let wanted = Set(literals.map(text))
            compare = { wanted.contains($0) }
            negate = test.testOperator == .notIn
        case .contains(let needle):
            let wanted = text(.text(needle))
            compare = { TextPredicate.find(wanted, in: $0) }
            negate = false
        case .startsWith(let prefix):
            let wanted = text(.text(prefix))
            compare = { $0.count >= wanted.count && $0.prefix(wanted.count).elementsEqual(wanted) }
            negate = false
        case .endsWith(let suffix):
            let wanted = text(.text(suffix))
            compare = { $0.count >= wanted.count && $0.suffix(wanted.count).elementsEqual(wanted) }
            negate = false
        default:
            preconditionFailure("TextPredicate.init: \(test.testOperator.textForm) does not apply to text")
        }
        if ignoreCase {
            matches = { bytes in compare(Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)) != negate }
        } else {
            matches = { bytes in compare(Array(bytes)) != negate }
        }
    }

    /// Whether `needle` occurs in `haystack` (the empty needle occurs everywhere).
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        let first = needle[0]
        for start in 0...(haystack.count - needle.count) where haystack[start] == first {
            var index = 1
            while index < needle.count, haystack[start + index] == needle[index] { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }
}

import Foundation

extension Date {
    /// Whole milliseconds since 1970-01-01 00:00 UTC, rounded to nearest: the
    /// store's representation of every timestamp.
    var millisecondsSince1970: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant `milliseconds` after 1970-01-01 00:00 UTC.
    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

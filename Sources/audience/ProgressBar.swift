@preconcurrency import Glibc
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
///
/// Redraws at most every 100 ms and at 100 %; `finish()` clears the line so the
/// command's own output starts clean. Safe to update from several threads.
final class ProgressBar: Sendable {
    private struct State {
        var lastDrawMilliseconds: UInt64 = 0
        var isDrawn = false
    }

    private let label: String
    private let isEnabled: Bool
    private let state = Mutex(State())

    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.isEnabled = enabled
    }

    /// Shows `fraction` (0...1) done, with an optional note such as "customers.csv".
    func update(_ fraction: Double, note: String = "") {
        guard isEnabled else { return }
        state.withLock { state in
            let now = Self.monotonicMilliseconds()
            guard fraction >= 1 || now &- state.lastDrawMilliseconds >= 100 else { return }
            state.lastDrawMilliseconds = now
            let clamped = min(max(fraction, 0), 1)
            let width = 30
            let filled = Int(clamped * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            fputs("\r\(label) \(bar) \(Int(clamped * 100))% \(note)\u{1B}[K", stderr)
            fflush(stderr)
            state.isDrawn = true
        }
    }

    /// Clears the bar's line.
    func finish() {
        guard isEnabled else { return }
        state.withLock { state in
            if state.isDrawn { fputs("\r\u{1B}[K", stderr) }
            state.isDrawn = false
        }
    }

    private static func monotonicMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }
}

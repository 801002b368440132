/// Handed to a job's work to report how far it got.
public final class JobProgress: Sendable {
    private let report: @Sendable (Double, String?) -> Void

    init(report: @escaping @Sendable (Double, String?) -> Void) {
        self.report = report
    }

    /// Records the fraction done (clamped to 0…1) and a short note on what is happening.
    public func update(_ fraction: Double, note: String? = nil) {
        let clamped = fraction.isNaN ? 0 : min(1, max(0, fraction))
        report(clamped, note)
    }
}

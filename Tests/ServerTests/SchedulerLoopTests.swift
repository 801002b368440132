import Foundation
@testable import Server
import Testing
import Workspace

@Suite struct SchedulerLoopTests {
    @Test func theLoopAppliesAScheduledDeactivationAsItTicks() throws {
        let fixture = try TestWorkspace()
        let workspace = fixture.workspace
        try workspace.createSegment(named: "Spring sale", definition: #"city = "Berlin""#)
        try workspace.setSegmentState(named: "Spring sale", .inactive, at: Date().addingTimeInterval(1))
        let lines = LogLines()
        let loop = SchedulerLoop(workspace: workspace, interval: 0.1, log: { lines.append($0) })
        defer { loop.stop() }

        // Polls until the scheduled change is applied; the deadline only bounds a hung loop.
        let deadline = Date().addingTimeInterval(30)
        var state = try workspace.segmentDetail(named: "Spring sale", recordingView: false).segment.state
        while state != "inactive" && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            state = try workspace.segmentDetail(named: "Spring sale", recordingView: false).segment.state
        }
        #expect(state == "inactive")
        let line = lines.all.first { $0.contains("Spring sale") }
        #expect(line == "scheduler: state Spring sale: inactive")
        #expect(loop.last?.failure == nil)
    }

    @Test func stoppingTheLoopEndsItAndAFailedTickSaysItRetries() throws {
        let fixture = try TestWorkspace(ingested: false)
        let loop = SchedulerLoop(workspace: fixture.workspace, interval: 3600, log: { _ in })
        loop.stop()
        loop.stop()
        let failed = SchedulerLoop.Tick(at: Date(), report: nil, failure: "the workspace is busy")
        #expect(SchedulerLoop.logLine(for: failed) == "scheduler: the workspace is busy; retrying at the next tick")
    }
}

/// Log lines collected from another thread.
private final class LogLines: @unchecked Sendable {  // `lines` is guarded by `lock`.
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}

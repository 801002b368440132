import Foundation
import Testing

/// The schedule routes over real HTTP: the system schedule and a segment's place in it.
@Suite struct ScheduleRoutesTests {
    static func put(_ client: TestClient, _ path: String, _ body: [String: Any]) async throws -> TestClient.Answer {
        try await SegmentRoutesTests.send(client, "PUT", path, body)
    }

    @Test func setShowAndClearTheSystemSchedule() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let initial = try await client.get("/api/schedules/system").json()
        #expect((initial["schedule"] as? [String: Any])?["frequency"] as? String == "off")
        #expect((initial["nextRuns"] as? [Any])?.isEmpty == true)

        let set = try await Self.put(
            client, "/api/schedules/system", ["frequency": "weekly", "weekdays": ["thu", "Monday"], "times": ["18:30", "06:00"]])
        #expect(set.status == 200)
        let summary = try set.json()
        let schedule = try #require(summary["schedule"] as? [String: Any])
        #expect(schedule["weekdays"] as? [String] == ["monday", "thursday"])
        #expect(schedule["times"] as? [String] == ["06:00", "18:30"])
        let next = try #require(summary["nextRuns"] as? [String])
        #expect(next.count == 5)
        // Every next run falls on a Monday or a Thursday, at 06:00 or 18:30, in the workspace time zone.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = fixture.workspace.timeZone
        for text in next {
            let date = try #require(ISO8601DateFormatter().date(from: text))
            let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
            #expect([2, 5].contains(parts.weekday), "\(text)")
            #expect([6 * 60, 18 * 60 + 30].contains((parts.hour ?? 0) * 60 + (parts.minute ?? 0)), "\(text)")
        }
        #expect((try await client.get("/api/schedules/system").json()["schedule"] as? [String: Any])?["frequency"] as? String == "weekly")

        let cleared = try await client.send("DELETE", "/api/schedules/system")
        #expect(cleared.status == 200)
        #expect((try cleared.json()["schedule"] as? [String: Any])?["frequency"] as? String == "off")
    }

    struct BadSchedule: Sendable, CustomTestStringConvertible {
        var body: [String: [String]]
        var frequency: String
        var path: String
        var testDescription: String { path }
    }

    @Test(arguments: [
        BadSchedule(body: ["times": ["25:00"]], frequency: "daily", path: "times[0]"),
        BadSchedule(body: ["times": []], frequency: "daily", path: "times"),
        BadSchedule(body: ["times": ["06:00"], "weekdays": ["mon", "someday"]], frequency: "weekly", path: "weekdays[1]"),
        BadSchedule(body: ["times": ["06:00"]], frequency: "weekly", path: "weekdays"),
        BadSchedule(body: ["times": ["1:00", "2:00", "3:00", "4:00", "5:00"]], frequency: "daily", path: "times"),
        BadSchedule(body: [:], frequency: "hourly", path: "frequency"),
    ])
    func aBadSystemScheduleNamesTheFieldAndChangesNothing(_ bad: BadSchedule) async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        var body: [String: Any] = bad.body
        body["frequency"] = bad.frequency
        let answer = try await Self.put(client, "/api/schedules/system", body)
        #expect(answer.status == 400)
        #expect(try InsightRoutesTests.errorPath(answer) == bad.path)
        #expect((try await client.get("/api/schedules/system").json()["schedule"] as? [String: Any])?["frequency"] as? String == "off")
    }

    @Test func aSegmentPicksAmongTheSystemRefreshes() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Berliners", "definition": "city = \"Berlin\""])
        _ = try await Self.put(client, "/api/schedules/system", ["frequency": "weekly", "weekdays": ["mon", "thu"], "times": ["06:00"]])

        // Tuesday is not a system refresh day.
        let tuesday = try await Self.put(client, "/api/segments/Berliners/schedule", ["kind": "weekly", "weekdays": ["tue"]])
        #expect(tuesday.status == 400)
        #expect(try InsightRoutesTests.errorPath(tuesday) == "weekdays")
        let badDay = try await Self.put(client, "/api/segments/Berliners/schedule", ["kind": "monthly", "days": [1, 32]])
        #expect(badDay.status == 400)
        #expect(try InsightRoutesTests.errorPath(badDay) == "days[1]")
        let badKind = try await Self.put(client, "/api/segments/Berliners/schedule", ["kind": "hourly"])
        #expect(try InsightRoutesTests.errorPath(badKind) == "kind")
        let unknown = try await Self.put(client, "/api/segments/Nobody/schedule", ["kind": "every-system-refresh"])
        #expect(unknown.status == 404)

        let thursdays = try await Self.put(client, "/api/segments/Berliners/schedule", ["kind": "weekly", "weekdays": ["thursday"]])
        #expect(thursdays.status == 200)
        let info = try thursdays.json()
        #expect((info["schedule"] as? [String: Any])?["weekdays"] as? [String] == ["thursday"])
        #expect(info["isScheduled"] as? Bool == true)
        let next = try #require(info["nextRefreshes"] as? [String])
        #expect(next.count == 3)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = fixture.workspace.timeZone
        for text in next {
            let date = try #require(ISO8601DateFormatter().date(from: text))
            #expect(calendar.component(.weekday, from: date) == 5, "\(text)")
        }

        let list = try await client.get("/api/schedules").json()
        #expect((list["system"] as? [String: Any])?["timeZone"] as? String == fixture.workspace.timeZone.identifier)
        let listed = try #require((list["segments"] as? [[String: Any]])?.first)
        #expect(listed["segment"] as? String == "Berliners")
        #expect((listed["schedule"] as? [String: Any])?["kind"] as? String == "weekly")

        let cleared = try await client.send("DELETE", "/api/segments/Berliners/schedule")
        #expect(cleared.status == 200)
        #expect((try cleared.json()["schedule"] as? [String: Any])?["kind"] as? String == "every-system-refresh")
        let shown = try await client.get("/api/segments/Berliners/schedule").json()
        #expect((shown["nextRefreshes"] as? [Any])?.count == 3)

        // With the system schedule off, nothing is scheduled.
        _ = try await client.send("DELETE", "/api/schedules/system")
        let off = try await client.get("/api/segments/Berliners/schedule").json()
        #expect(off["isScheduled"] as? Bool == false)
        #expect((off["nextRefreshes"] as? [Any])?.isEmpty == true)
    }
}

import Foundation
import Testing

@Suite struct ReingestMembershipTests {
    /// A re-ingest that reorders, removes and adds customers keeps stored members pointing at
    /// the same customers, so previews are right at once and the next refresh counts no churn.
    @Test func storedMembersFollowTheirCustomersAcrossIngests() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("id,tier\na,silver\nb,gold\nc,bronze\nd,gold\n", to: "people.csv")
        try cli.succeed("init", "ws", "--customers", "people.csv", "--id", "id")
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Gold", "--definition", #"tier = "gold""#)
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Gold")

        try cli.write("id,tier\nd,gold\nc,bronze\ne,silver\nb,gold\n", to: "people.csv")
        try cli.succeed("ingest", "--workspace", "ws")
        let text = try cli.succeed("segment", "members", "--workspace", "ws", "Gold", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String]])
        #expect(Set(rows.map { $0[0] }) == ["b", "d"])
        #expect(try cli.succeed("customer", "segments", "--workspace", "ws", "d").contains("Gold"))
        #expect(try cli.succeed("segment", "refresh", "--workspace", "ws", "Gold").contains("(+0 −0)"))

        // A customer who left drops out of the stored members.
        try cli.write("id,tier\nc,bronze\nb,gold\n", to: "people.csv")
        try cli.succeed("ingest", "--workspace", "ws")
        let after = try cli.succeed("segment", "members", "--workspace", "ws", "Gold", "--json")
        let afterJSON = try #require(try JSONSerialization.jsonObject(with: Data(after.utf8)) as? [String: Any])
        #expect((afterJSON["rows"] as? [[String]])?.map { $0[0] } == ["b"])
    }
}

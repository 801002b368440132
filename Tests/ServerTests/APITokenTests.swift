import Foundation
import Server
import Testing
import Workspace

/// The workspace's API token file.
@Suite struct APITokenTests {
    @Test func theTokenIsMadeOnceWithMode0600() throws {
        let fixture = try TestWorkspace(ingested: false)
        let token = try fixture.workspace.apiToken()
        #expect(token.count == 64)
        #expect(token.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(try fixture.workspace.apiToken() == token)

        let path = fixture.workspace.directory.appendingPathComponent(Workspace.apiTokenFileName).path
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let other = try TestWorkspace(ingested: false)
        #expect(try other.workspace.apiToken() != token)
    }

    @Test func aTokenFileOpenToOthersIsNarrowedTo0600() throws {
        let fixture = try TestWorkspace(ingested: false)
        let token = try fixture.workspace.apiToken()
        let path = fixture.workspace.directory.appendingPathComponent(Workspace.apiTokenFileName).path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try fixture.workspace.apiToken() == token)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func anEmptyTokenFileIsAnError() throws {
        let fixture = try TestWorkspace(ingested: false)
        let path = fixture.workspace.directory.appendingPathComponent(Workspace.apiTokenFileName)
        try Data("\n".utf8).write(to: path)
        #expect(throws: WorkspaceError.self) { try fixture.workspace.apiToken() }
    }
}

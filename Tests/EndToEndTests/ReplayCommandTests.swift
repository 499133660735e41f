import Foundation
import Testing

/// `pushforward replay <scene> <request.json>`.
@Suite("pushforward replay")
struct ReplayCommandTests {
    @Test("prints the states as one JSON document")
    func printsJSON() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("pusht-request.json")
        let outcome = try await workspace.run("replay", "Scenes/pusht.yaml", "pusht-request.json")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stderr.isEmpty, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let initial = try #require(json["initial"] as? [String: Any])
        #expect(initial["agent"] as? [Double] == [390, 304])
        let block = try #require(initial["block"] as? [Double])
        #expect(block.count == 3 && abs(block[2] - -2.8841484100105235) < 1e-12, "\(block)")
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == 1)
        #expect(steps.first?["success"] as? Bool == false && steps.first?["reward"] is Double)
    }

    static let errors: [UserErrorCase] = [
        UserErrorCase(["replay", "Scenes/pusht.yaml", "missing.json"], mentions: ["missing.json", "no such file"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "empty.json"], mentions: ["empty.json", "empty"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "folder"], mentions: ["folder", "a folder"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "invalid.json"], mentions: ["invalid.json", "JSON"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "short-reset.json"], mentions: ["short-reset.json", "\"reset\"", "got 3 numbers"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "typo.json"], mentions: ["typo.json", "'actionz'", "did you mean 'actions'?"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "typo-state.json"], mentions: ["typo-state.json", "'state.blok'", "did you mean 'block'?"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml", "wrong-type.json"], mentions: ["wrong-type.json", "actions[0][0]"]),
        UserErrorCase(["replay", "Scenes/reach.yaml", "request.json"], mentions: ["Scenes/reach.yaml", "Push-T"]),
        UserErrorCase(["replay", "missing.yaml", "request.json"], mentions: ["missing.yaml", "no such file"]),
        UserErrorCase(["replay", "typo-scene.yaml", "request.json"], mentions: ["typo-scene.yaml:3", "'block.mas'", "did you mean 'mass'?"]),
        UserErrorCase(["replay", "Scenes/pusht.yaml"], mentions: ["<input>"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyRequests()
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    @Test("an empty scene file is an error")
    func emptyScene() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyRequests()
        try await workspace.expectUserError(["replay", "empty.yaml", "request.json"], mentioning: ["empty.yaml", "empty"])
    }

    @Test("a folder given as the scene is named as a folder")
    func folderScene() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyRequests()
        try await workspace.expectUserError(["replay", "Scenes", "request.json"], mentioning: ["Scenes", "folder"])
    }
}

extension Workspace {
    /// A good request, requests with one mistake each, an empty file, a folder, and a
    /// scene with a misspelt key.
    func writeSillyRequests() throws {
        try write(#"{"reset": [390, 304, 253, 180, 0], "actions": [[380, 300]]}"#, to: "request.json")
        try write("", to: "empty.json")
        try write("", to: "empty.yaml")
        try makeFolder("folder")
        try write(#"{"reset": [390, 304, 253, 180, 0], "actions": [[380, 300]"#, to: "invalid.json")
        try write(#"{"reset": [390, 304, 253], "actions": []}"#, to: "short-reset.json")
        try write(#"{"reset": [390, 304, 253, 180, 0], "actionz": [[380, 300]]}"#, to: "typo.json")
        try write(#"{"state": {"agent": [390, 304], "blok": [253, 180, 0]}, "actions": []}"#, to: "typo-state.json")
        try write(#"{"reset": [390, 304, 253, 180, 0], "actions": [["380", 300]]}"#, to: "wrong-type.json")
        try write("task: pusht\nblock:\n  mas: 3\n", to: "typo-scene.yaml")
    }
}

import Foundation
import Testing

/// `pushforward demos <scene> [episodes=N seed=S out=FILE gifs=K ...]`.
@Suite("pushforward demos")
struct DemosCommandTests {
    @Test("writes the dataset where out= says, with the tensors the README lists")
    func writesDataset() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let out = workspace.file("d.safetensors")
        let outcome = try await workspace.run("demos", "Scenes/reach.yaml", "episodes=3", "out=\(out)")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("3/3 episodes succeeded"), "\(outcome)")
        #expect(outcome.stdout.contains("wrote \(out) (3 episodes"), "\(outcome)")
        let header = try safetensorsHeader(out)
        for tensor in ["obs", "action", "chunk", "episode_ends", "episode_success"] {
            #expect(header[tensor] != nil, "no tensor '\(tensor)' in \(header.keys.sorted())")
        }
        #expect(!workspace.exists("demos"))
    }

    @Test("without out=: demos/<scene>_<N>ep_s<seed>.safetensors in the working directory, and GIFs beside it")
    func defaultOutput() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("demos", "Scenes/reach.yaml", "episodes=2", "seed=4", "gifs=1", "gifSize=48")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(workspace.exists("demos/reach_2ep_s4.safetensors"), "\(outcome)")
        let gifs = try FileManager.default.contentsOfDirectory(atPath: workspace.file("demos")).filter { $0.hasSuffix(".gif") }
        #expect(gifs.count == 1 && gifs[0].hasPrefix("reach_2ep_s4_ep0_"), "\(gifs)")
    }

    static let errors: [UserErrorCase] = [
        UserErrorCase(["demos", "missing.yaml", "episodes=3"], mentions: ["missing.yaml", "no such file"]),
        UserErrorCase(["demos", "invalid-scene.yaml", "episodes=3"], mentions: ["invalid-scene.yaml:4", "line 3"]),
        UserErrorCase(["demos", "typo-scene.yaml", "episodes=3"], mentions: ["typo-scene.yaml:3", "'maxStep'", "did you mean 'maxSteps'?"]),
        UserErrorCase(["demos", "wrong-task.yaml", "episodes=3"], mentions: ["wrong-task.yaml:1", "'raech'", "did you mean 'reach'?"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodez=3"], mentions: ["'episodez=3'", "did you mean 'episodes'?"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes=abc"], mentions: ["'episodes=abc'", "integer", "'abc'"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes=0"], mentions: ["episodes", "at least 1", "0"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes=-2"], mentions: ["episodes", "at least 1", "-2"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes=2", "gifs=5"], mentions: ["gifs", "5"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes=2", "out=folder"], mentions: ["folder"]),
        UserErrorCase(["demos", "Scenes/reach.yaml", "episodes"], mentions: ["'episodes'", "key=value"]),
        UserErrorCase(["demos"], mentions: ["<scene>"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2, nothing written", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyScenes()
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    // An empty scene file once ran the Push-T expert on the built-in scene, and a folder
    // was reported as a missing file.
    @Test("an empty scene file is an error")
    func emptyScene() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyScenes()
        try await workspace.expectUserError(["demos", "empty.yaml", "episodes=1"], mentioning: ["empty.yaml", "empty"])
    }

    @Test("a folder given as the scene is named as a folder")
    func folderScene() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.expectUserError(["demos", "Scenes", "episodes=1"], mentioning: ["Scenes", "folder"])
    }
}

extension Workspace {
    /// Scene files with one mistake each, an empty file and an empty folder.
    func writeSillyScenes() throws {
        try write("", to: "empty.yaml")
        try write("task: reach\nname: broken\nbase: [256, 256\n", to: "invalid-scene.yaml")
        try write("task: reach\nname: typo\nmaxStep: 50\n", to: "typo-scene.yaml")
        try write("task: raech\nname: wrong\n", to: "wrong-task.yaml")
        try makeFolder("folder")
    }
}

/// The JSON header of a safetensors file: tensor name to its entry.
func safetensorsHeader(_ path: String) throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.count >= 8 else { return [:] }
    let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    guard length > 0, 8 + length <= data.count else { return [:] }
    return (try JSONSerialization.jsonObject(with: data.subdata(in: 8..<(8 + length))) as? [String: Any]) ?? [:]
}

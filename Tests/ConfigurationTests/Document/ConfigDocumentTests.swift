import Foundation
import Testing
@testable import Configuration

@Suite struct ConfigDocumentTests {
    @Test func syntaxErrorsGiveFileLineAndColumn() {
        #expect(decodeError(SampleConfig.self, "policy:\n  width: [1, 2\n")
            == "train.yaml:3:1: did not find expected ',' or ']' (while parsing a flow sequence at line 2)")
        #expect(decodeError(SampleConfig.self, "name: pusht\n  sampler: ddim\n")
            == "train.yaml:2:10: mapping values are not allowed in this context")
    }

    @Test func duplicateKeysNameBothLines() {
        #expect(decodeError(SampleConfig.self, sampleYAML("  depth: 4", "  depth: 4\n  width: 64"))
            == "train.yaml:6: duplicate key 'policy.width' (first defined on line 4)")
        #expect(decodeError(SampleConfig.self, "name: a\n\"name\": b\n")
            == "train.yaml:2: duplicate key 'name' (first defined on line 1)")
        // Equal as text only: YAML sees two keys, a config would silently lose one.
        #expect(decodeError(SampleConfig.self, "weights:\n  1: 1\n  \"1\": 2\n")
            == "train.yaml:3: duplicate key 'weights.1' (first defined on line 2)")
    }

    @Test func mergeKeysExpandWithLocalKeysWinning() throws {
        let yaml = """
            base: &base {vertices: [[0, 0], [1, 0], [0, 1]], mass: 1}
            parts:
              - <<: *base
              - <<: *base
                mass: 3
            """
        struct Parts: Codable, Equatable {
            var base: Part
            var parts: [Part]
        }
        let config = try LoadedConfig.load(Parts.self, yaml: yaml, name: "scene.yaml")
        #expect(config.value.parts.map(\.mass) == [1, 3])
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: ConfigError("/nonexistent/x.yaml: no such file")) {
            try LoadedConfig.load(SampleConfig.self, from: "/nonexistent/x.yaml")
        }
    }

    @Test func folderAndEmptyFileAreOneLineErrors() throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pushforward-config-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: ConfigError("\(folder): is a folder, not a file")) {
            try LoadedConfig.load(SampleConfig.self, from: folder)
        }
        let empty = folder + "/empty.yaml", blank = folder + "/blank.yaml", comments = folder + "/comments.yaml"
        try "".write(toFile: empty, atomically: true, encoding: .utf8)
        try "\n  \n".write(toFile: blank, atomically: true, encoding: .utf8)
        try "# every default\n".write(toFile: comments, atomically: true, encoding: .utf8)
        #expect(throws: ConfigError("\(empty): the file is empty")) {
            try LoadedConfig.load(SampleConfig.self, from: empty, defaults: SampleConfig())
        }
        #expect(throws: ConfigError("\(blank): the file is empty")) {
            try LoadedConfig.load(SampleConfig.self, from: blank, defaults: SampleConfig())
        }
        // Only comments: deliberately written, so every default.
        #expect(try LoadedConfig.load(SampleConfig.self, from: comments, defaults: SampleConfig()).value == SampleConfig())
    }

    @Test func loadsFromFileUsingThePathAsName() throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("pushforward-config-\(UInt64.random(in: 0 ... .max)).yaml").path
        try sampleYAML("steps: 20000", "steps: abc").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigError("key 'train.steps': expected an integer, found 'abc'",
                                    at: .file(name: path, line: 9, column: 3))) {
            try LoadedConfig.load(SampleConfig.self, from: path)
        }
    }

    @Test func topLevelStringPeeksLeniently() {
        #expect(ConfigDocument.topLevelString("task", inYAML: "name: x\ntask: reach\n") == "reach")
        #expect(ConfigDocument.topLevelString("task", inYAML: "task: \"3\"\n") == "3")
        #expect(ConfigDocument.topLevelString("task", inYAML: "name: x\n") == nil)
        #expect(ConfigDocument.topLevelString("task", inYAML: "task: 3\n") == nil)
        #expect(ConfigDocument.topLevelString("task", inYAML: "task: [reach\n") == nil)
        #expect(ConfigDocument.topLevelString("task", inYAML: "- task\n") == nil)
    }

    @Test func errorDescriptionIsAlwaysOneLine() {
        let error = ConfigError("first\nsecond", at: .file(name: "a.yaml", line: 3, column: 1))
        #expect(error.description == "a.yaml:3: first second")
    }
}

import Configuration
import Foundation
import Testing
import Tasks
@testable import Experiments

@Suite struct SceneLoaderTests {
    static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    @Test func shippedPushTSceneIsTheBenchmark() throws {
        let scene = try SceneLoader.pushT(from: Self.repository.appendingPathComponent("Scenes/pusht.yaml").path)
        #expect(scene == PushTScene())
    }

    @Test func sceneRoundTripsThroughResolvedYAML() throws {
        let path = Self.repository.appendingPathComponent("Scenes/pusht.yaml").path
        let loaded = try LoadedConfig.load(PushTScene.self, from: path, defaults: PushTScene())
        let text = try loaded.resolvedYAML()
        #expect(try SceneLoader.pushT(yaml: text, name: "resolved.yaml") == loaded.value)
    }

    @Test func nonConvexPartIsRejectedWithItsIndexAndLine() {
        let yaml = """
        block:
          parts:
            - [[-60, 0], [60, 0], [60, 30], [-60, 30]]
            - [[0, 30], [15, 60], [0, 45], [-15, 60]]
        """
        #expect(throws: ConfigError.self) { try SceneLoader.pushT(yaml: yaml, name: "bad.yaml") }
        do {
            _ = try SceneLoader.pushT(yaml: yaml, name: "bad.yaml")
        } catch {
            #expect(error.description == "bad.yaml:4: key 'block.parts[1]': part 1 of the block: polygon is not convex at vertex 2; split it into convex parts")
        }
    }

    @Test func unknownKeySuggestsTheRightOne() {
        do {
            _ = try SceneLoader.pushT(yaml: "agent:\n  radios: 12\n", name: "s.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "s.yaml:2: unknown key 'agent.radios'; did you mean 'radius'?")
        }
    }

    @Test func overlappingPartsAreRejected() {
        let yaml = """
        block:
          parts:
            - [[-60, 0], [60, 0], [60, 30], [-60, 30]]
            - [[-15, 20], [15, 20], [15, 120], [-15, 120]]
        """
        do {
            _ = try SceneLoader.pushT(yaml: yaml, name: "o.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("o.yaml:4: key 'block.parts[1]': part 1 overlaps part 0"))
        }
    }

    @Test func wrongTypeNamesKeyAndLine() {
        do {
            _ = try SceneLoader.pushT(yaml: "maxSteps: many\n", name: "t.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "t.yaml:1: key 'maxSteps': expected an integer, found 'many'")
        }
    }
}

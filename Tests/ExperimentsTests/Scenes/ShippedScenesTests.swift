import Configuration
import Foundation
import Testing
import Physics2D
import Tasks
@testable import Experiments

@Suite struct ShippedScenesTests {
    func path(_ name: String) -> String {
        SceneLoaderTests.repository.appendingPathComponent("Scenes/\(name)").path
    }

    @Test func reachSceneIsTheDefault() throws {
        let scene = try #require(try SceneLoader.load(from: path("reach.yaml")) as? ReachScene)
        #expect(scene == ReachScene())
    }

    @Test func reachObstacleAddsOnlyTheObstacle() throws {
        let scene = try #require(try SceneLoader.load(from: path("reach-obstacle.yaml")) as? ReachScene)
        var expected = ReachScene()
        expected.name = "reach-obstacle"
        expected.obstacle = ReachScene.Obstacle(center: Vec2(366, 256), radius: 30)
        #expect(scene == expected)
    }

    @Test func builtInScenesEqualTheShippedFiles() throws {
        for name in ["pusht", "reach", "reach-obstacle"] {
            let file = try SceneLoader.load(from: path("\(name).yaml"))
            let builtIn = try #require(TaskRegistry.builtInScene(named: name))
            switch (file, builtIn) {
            case (let a as PushTScene, let b as PushTScene): #expect(a == b)
            case (let a as ReachScene, let b as ReachScene): #expect(a == b)
            default: Issue.record("\(name): families differ")
            }
        }
    }

    @Test func unknownTaskSuggestsAFamily() {
        #expect(throws: ConfigError.self) { try SceneLoader.load(yaml: "name: x\ntask: reech\n", name: "s.yaml") }
        do { _ = try SceneLoader.load(yaml: "name: x\ntask: reech\n", name: "s.yaml") } catch {
            #expect(error.description == "s.yaml:2: key 'task': unknown task 'reech'; did you mean 'reach'? (known: pusht, reach)")
        }
    }

    @Test func missingSceneFileIsOneLine() {
        do { _ = try SceneLoader.load(from: "Scenes/nope.yaml") } catch {
            #expect(error.description == "Scenes/nope.yaml: no such file (scene files are in Scenes/, e.g. Scenes/pusht.yaml)")
        }
    }

    @Test func reachTargetsBeyondReachAreRejected() {
        do { _ = try SceneLoader.load(yaml: "task: reach\ntargetRadius: [60, 300]\n", name: "r.yaml") } catch {
            #expect(error.description == "r.yaml:2: key 'targetRadius': outer radius 300.0 is beyond the arm's reach 270.0")
        }
    }
}

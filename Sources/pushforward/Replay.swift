import ArgumentParser
import Experiments
import Foundation

/// `pushforward replay`: replays actions from a given start and prints every state, for
/// users who compare simulators.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay actions on a scene from a reset or a set state; print the states as JSON.",
        discussion: """
        Input: {"reset": [ax, ay, bx, by, angle], "actions": [[x, y], ...]} (the reference's reset: \
        the angle turns the block about its centre of gravity, then one physics step) or \
        {"state": {"agent": [x, y], "block": [x, y, angle]}, "actions": [...]} (set directly).
        """)

    @Argument(help: "Scene file, e.g. Scenes/pusht.yaml.")
    var scene: String

    @Argument(help: "Request file (JSON).")
    var input: String

    func run() throws {
        let scene = try SceneLoader.pushT(from: scene)
        let request = try ReplayRequest.load(input)
        let output = try Experiments.Replay.pushT(scene: scene, request: request)
        FileHandle.standardOutput.write(output)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}

import Foundation
import Testing
import Tasks
@testable import Experiments

@Suite struct ReplayTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString).json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func resetReplayReproducesTheReferenceAgentPath() throws {
        var tests = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { tests.deleteLastPathComponent() }
        let data = try Data(contentsOf: tests.appendingPathComponent("Fixtures/PushTReference/contact_public.json"))
        let reference = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let episode = (reference["episodes"] as! [[String: Any]])[0]
        let initial = episode["initial_state_after_reset"] as! [String: Any]
        let actions = Array((episode["actions"] as! [[Double]]).prefix(20))
        let request = try JSONSerialization.data(withJSONObject: ["reset": initial["reset_state_arg"]!, "actions": actions])
        let path = try write(String(decoding: request, as: UTF8.self))
        let output = try Replay.pushT(scene: PushTScene(), request: ReplayRequest.load(path))
        let json = try JSONSerialization.jsonObject(with: output) as! [String: Any]
        let steps = json["steps"] as! [[String: Any]]
        #expect(steps.count == 20)
        let referenceSteps = episode["steps"] as! [[String: Any]]
        for (mine, theirs) in zip(steps, referenceSteps) {
            let a = mine["agent"] as! [Double], b = theirs["agent_pos"] as! [Double]
            #expect(abs(a[0] - b[0]) < 1e-9 && abs(a[1] - b[1]) < 1e-9)
        }
        let start = (json["initial"] as! [String: Any])["block"] as! [Double]
        #expect(abs(start[0] - (initial["block_pos"] as! [Double])[0]) < 1e-9)
    }

    @Test func stateStartSetsPoseWithoutStepping() throws {
        let path = try write(#"{"state": {"agent": [100, 100], "block": [256, 256, 0.7853981633974483]}, "actions": []}"#)
        let json = try JSONSerialization.jsonObject(with: Replay.pushT(scene: PushTScene(), request: ReplayRequest.load(path))) as! [String: Any]
        let initial = json["initial"] as! [String: Any]
        #expect(initial["block"] as! [Double] == [256, 256, 0.7853981633974483])
        #expect(abs((initial["coverage"] as! Double) - 1) < 1e-12)
        #expect((json["steps"] as! [Any]).isEmpty)
    }

    @Test(arguments: [
        (#"{"actions": []}"#, #"give exactly one of "reset" or "state""#),
        (#"{"reset": [1, 2, 3]}"#, #""reset" is [agent x, agent y, block x, block y, angle], got 3 numbers"#),
        (#"{"state": {"agent": [1, 2]}}"#, "not a replay request: missing key 'state.block'"),
        (#"{"reset": [1, 2, 3, 4, 5], "actions": [[1]]}"#, "action 0 must be [x, y]"),
        (#"{"reset": [1, 2, 3, 4, 5], "actionz": [[1, 2]]}"#,
         "unknown key 'actionz'; did you mean 'actions'? (known here: reset, state, actions)"),
        (#"{"state": {"agent": [1, 2], "blok": [1, 2, 3]}}"#,
         "unknown key 'state.blok'; did you mean 'block'? (known here: agent, block)"),
        ("", #"the file is empty; a request is {"reset": [...], "actions": [[x, y], ...]}"#),
    ])
    func badRequestsAreOneClearLine(text: String, message: String) throws {
        let path = try write(text)
        #expect(throws: UserFacingError("\(path): \(message)")) { try ReplayRequest.load(path) }
    }

    @Test func missingFileAndFolderAreNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: UserFacingError("\(folder): is a folder, not a file")) { try ReplayRequest.load(folder) }
        #expect(throws: UserFacingError("\(folder)/nope.json: no such file")) { try ReplayRequest.load(folder + "/nope.json") }
    }

    @Test func wrongTypesNameTheElement() throws {
        let path = try write(#"{"reset": [1, 2, 3, 4, 5], "actions": [[1, "2"]]}"#)
        let error = #expect(throws: UserFacingError.self) { try ReplayRequest.load(path) }
        #expect(error?.description.hasPrefix("\(path): not a replay request: key 'actions[0][1]': ") == true)
    }
}

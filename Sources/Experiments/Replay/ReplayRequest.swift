import Foundation
import Configuration
import Physics2D
import Tasks

/// Input of `pushforward replay`: a start (the reference's reset, or a state set
/// directly) and a list of actions.
///
///     {"reset": [agent x, agent y, block x, block y, angle], "actions": [[x, y], ...]}
///     {"state": {"agent": [x, y], "block": [x, y, angle]}, "actions": [...]}
public struct ReplayRequest: Decodable, Sendable {
    public struct State: Decodable, Sendable {
        public var agent: [Double]
        public var block: [Double]

        enum CodingKeys: String, CodingKey, CaseIterable { case agent, block }

        public init(from decoder: any Decoder) throws {
            try UnknownKey.check(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            agent = try c.decode([Double].self, forKey: .agent)
            block = try c.decode([Double].self, forKey: .block)
        }
    }

    public var reset: [Double]?
    public var state: State?
    public var actions: [[Double]]

    enum CodingKeys: String, CodingKey, CaseIterable { case reset, state, actions }

    public init(from decoder: any Decoder) throws {
        try UnknownKey.check(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reset = try c.decodeIfPresent([Double].self, forKey: .reset)
        state = try c.decodeIfPresent(State.self, forKey: .state)
        actions = try c.decodeIfPresent([[Double]].self, forKey: .actions) ?? []
    }

    /// Reads and checks a request file; every problem is one line naming the file.
    public static func load(_ path: String) throws(UserFacingError) -> ReplayRequest {
        let data: Data
        do { data = Data(try ConfigDocument.readBytes(path)) } catch { throw UserFacingError(error.description) }
        guard data.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else {
            throw UserFacingError("\(path): the file is empty; a request is {\"reset\": [...], \"actions\": [[x, y], ...]}")
        }
        // JSONDecoder says only "not valid JSON"; the parser says where and why
        // ("Invalid value around character 10", "Number 1e400 is not representable").
        do { _ = try JSONSerialization.jsonObject(with: data) } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw UserFacingError("\(path): not valid JSON: \(reason)")
        }
        let request: ReplayRequest
        do { request = try JSONDecoder().decode(ReplayRequest.self, from: data) } catch let error as UnknownKey {
            throw UserFacingError("\(path): \(error.message)")
        } catch {
            throw UserFacingError("\(path): not a replay request: \(Self.describe(error))")
        }
        switch (request.reset, request.state) {
        case (nil, nil), (.some, .some):
            throw UserFacingError("\(path): give exactly one of \"reset\" or \"state\"")
        case (let reset?, nil) where reset.count != 5:
            throw UserFacingError("\(path): \"reset\" is [agent x, agent y, block x, block y, angle], got \(reset.count) numbers")
        case (nil, let state?) where state.agent.count != 2 || state.block.count != 3:
            throw UserFacingError("\(path): \"state\" is {\"agent\": [x, y], \"block\": [x, y, angle]}")
        default: break
        }
        if let bad = request.actions.firstIndex(where: { $0.count != 2 }) {
            throw UserFacingError("\(path): action \(bad) must be [x, y]")
        }
        return request
    }

    private static func describe(_ error: any Error) -> String {
        func dotted(_ path: [any CodingKey]) -> String { UnknownKey.dotted(path) }
        switch error {
        case DecodingError.keyNotFound(let key, let c):
            return "missing key '\(dotted(c.codingPath + [key]))'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c),
             DecodingError.dataCorrupted(let c):
            let key = dotted(c.codingPath)
            return key.isEmpty ? c.debugDescription : "key '\(key)': \(c.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}

/// A key the request format does not have (a misspelling would otherwise be ignored,
/// and `"actionz"` would replay no actions at all).
struct UnknownKey: Error {
    var message: String

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Throws for the first key of the object being decoded that is not in `known`.
    static func check(_ decoder: any Decoder, known: [String]) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue).sorted()
        guard let unknown = keys.first(where: { !known.contains($0) }) else { return }
        let path = dotted(decoder.codingPath + [AnyKey(stringValue: unknown)])
        let suggestion = Suggestion.closest(to: unknown, in: known).map { "; did you mean '\($0)'?" } ?? ""
        throw UnknownKey(message: "unknown key '\(path)'\(suggestion) (known here: \(known.joined(separator: ", ")))")
    }

    /// `state.block`, `actions[0][1]`.
    static func dotted(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }
}

/// Replays a request on Push-T and returns the JSON document (full float64 precision,
/// the block angle not wrapped, no stop at success).
public enum Replay {
    struct Snapshot: Encodable {
        var agent: [Double]
        var block: [Double]
        var coverage: Double
        var reward: Double?
        var success: Bool?
    }

    struct Output: Encodable {
        var initial: Snapshot
        var steps: [Snapshot]
    }

    public static func pushT(scene: PushTScene, request: ReplayRequest) throws -> Data {
        var env = try PushTEnvironment(scene: scene)
        if let reset = request.reset {
            try env.reset(to: ResetState(reset))
        } else if let state = request.state {
            try env.place(agent: Vec2(state.agent[0], state.agent[1]),
                          block: Vec2(state.block[0], state.block[1]), angle: state.block[2])
        }
        func snapshot(_ result: StepResult? = nil) -> Snapshot {
            let sim = env.simulator
            return Snapshot(agent: [sim.agentPosition.x, sim.agentPosition.y],
                            block: [sim.blockOrigin.x, sim.blockOrigin.y, sim.blockAngle],
                            coverage: env.currentCoverage, reward: result?.reward, success: result?.info.isSuccess)
        }
        let initial = snapshot()
        var steps: [Snapshot] = []
        steps.reserveCapacity(request.actions.count)
        for (index, action) in request.actions.enumerated() {
            do {
                steps.append(snapshot(try env.step(target: Vec2(action[0], action[1]))))
            } catch {
                throw UserFacingError("action \(index) \(action): the simulation cannot step: \(error)")
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(Output(initial: initial, steps: steps))
    }
}

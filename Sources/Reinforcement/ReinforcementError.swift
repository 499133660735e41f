/// A reinforcement-learning run that cannot start or continue.
public enum ReinforcementError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option out of range; `key` is its name under `sac.`.
    case invalid(key: String, String)
    /// A loss, a batch of values or of actions went NaN or infinite at gradient step
    /// `step` (counted from 1). `tensor` names it ("critic loss", "target Q", ...).
    case nonFinite(step: Int, tensor: String, kind: NonFiniteKind)

    public enum NonFiniteKind: String, Sendable {
        case nan = "NaN"
        case infinite = "infinite"
    }

    /// One line, e.g. `step 1234: critic loss is NaN; the last good checkpoint is kept —
    /// lower the learning rate or check rewards`.
    public var description: String {
        switch self {
        case .invalid(let key, let message):
            "key 'sac.\(key)': \(message)"
        case .nonFinite(let step, let tensor, let kind):
            "step \(step): \(tensor) is \(kind.rawValue); the last good checkpoint is kept — lower the learning rate or check rewards"
        }
    }

    /// The config path of the offending key, for locating it in a file.
    public var keyPath: [String]? {
        if case .invalid(let key, _) = self { return ["sac", key] }
        return nil
    }
}

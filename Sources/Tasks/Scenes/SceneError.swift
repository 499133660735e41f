/// A scene that decodes but cannot be simulated: it names the offending key so the
/// loader can point at the file and line.
public struct SceneError: Error, Sendable, CustomStringConvertible {
    /// Keys and indices from the scene's root, e.g. `["block", "parts", "1"]`.
    public var path: [String]
    public var message: String

    public init(path: [String], _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? message : "key '\(path.joined(separator: "."))': \(message)"
    }
}

import Foundation

/// The single error type of the configuration layer: bad YAML, a wrong type, an
/// unknown or missing key, a malformed override, or a semantic error placed on a key.
///
/// `description` is always exactly one line, e.g.
/// `Configs/pusht.yaml:12: key 'train.steps': expected an integer, found 'abc'`.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Hashable {
    /// Where the problem is, when known; `nil` renders no location prefix.
    var origin: ConfigOrigin?
    /// The problem itself, without the location prefix.
    var message: String
    /// Whether the prefix shows the column too (only syntax errors do).
    var includesColumn: Bool

    public init(_ message: String, at origin: ConfigOrigin? = nil, includesColumn: Bool = false) {
        self.origin = origin
        self.message = message
        self.includesColumn = includesColumn
    }

    /// The one-line rendering: location prefix plus message, any line breaks flattened.
    public var description: String {
        let text = (origin?.prefix(includingColumn: includesColumn) ?? "") + message
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}

import Configuration
import Runs

/// A problem with a sweep a user can fix: a bad sweep file, a foreign manifest, a cell
/// that is not in the plan. `description` is one line, naming the file (and line) at fault.
public struct SweepError: Error, CustomStringConvertible, Sendable, Hashable {
    public var description: String

    public init(_ message: String) {
        description = message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    /// A configuration error (a line of the sweep file) as is.
    init(_ error: ConfigError) {
        self.init(error.description)
    }

    /// A run-folder error (the file it names) as is.
    init(_ error: RunError) {
        self.init(error.description)
    }
}

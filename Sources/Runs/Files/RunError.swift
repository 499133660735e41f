import Foundation

/// A problem with a run folder or one of its files: a folder that is not a run, an
/// unreadable `run.json`, a corrupt `summary.json` or metrics line, a failed write.
///
/// `description` is one line that starts with the file, e.g.
/// `runs/2025-01-02/130405_pusht_diffusion_s0/run.json: not valid JSON (...)`.
public struct RunError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file or folder concerned, as the user would type it.
    var path: String
    /// What is wrong, without the path prefix.
    var reason: String

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `<path>: <reason>`, with any line breaks flattened so it stays one line.
    public var description: String {
        "\(path): \(reason)".split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }
}

extension RunError {
    /// Wraps a Foundation or system error; keeps only its localized one-line text.
    static func wrapping(_ error: any Error, path: String, doing action: String) -> RunError {
        if let error = error as? RunError { return error }
        return RunError(path: path, reason: "cannot \(action): \((error as NSError).localizedDescription)")
    }
}

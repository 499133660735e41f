/// A failure to write an image file; `description` is one line naming the file.
///
/// `AtomicFile` throws it, so it lives with the run files (which wrap it in a `RunError`).
public struct RenderingError: Error, CustomStringConvertible, Sendable {
    /// The file that could not be written.
    let path: String
    /// What went wrong, e.g. the system's error text.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}

/// An error a user can cause and fix: printed as one line, exit status 2.
///
/// Lower modules throw their own typed errors; anything that reaches the command
/// line is rendered through `CustomStringConvertible` as a single line.
public struct UserFacingError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String

    public init(_ message: String) {
        self.description = message
    }
}

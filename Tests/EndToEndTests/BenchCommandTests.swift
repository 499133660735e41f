import Foundation
import Testing

/// `pushforward bench`: measuring takes long in a debug build, so only what must fail
/// before any measurement is checked here.
@Suite("pushforward bench")
struct BenchCommandTests {
    static let errors: [UserErrorCase] = [
        UserErrorCase(["bench", "--only", "nosuch"], mentions: ["'nosuch'", "physics, nn"]),
        UserErrorCase(["bench", "--only", "physic"], mentions: ["'physic'", "did you mean 'physics'?"]),
        UserErrorCase(["bench", "--only", "nn", "--json", "folder"], mentions: ["folder", "a folder"]),
        UserErrorCase(["bench", "--quick", "extra"], mentions: ["'extra'"]),
        UserErrorCase(["bench", "--only"], mentions: ["--only"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2, nothing measured", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeFolder("folder")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

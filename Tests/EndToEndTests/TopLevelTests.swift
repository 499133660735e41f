import Foundation
import Testing

/// `pushforward` itself: help for every command, and what a mistyped command gets.
@Suite("pushforward (top level)")
struct TopLevelTests {
    static let commands = ["quickstart", "train", "steer", "eval", "steerability", "compose", "compare", "sweep", "render", "view", "demos", "replay", "runs", "config", "bench"]

    @Test("--help exits 0 and prints the usage", arguments: [[String]()] + commands.map { [$0] })
    func help(command: [String]) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run(command + ["--help"])
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("USAGE: pushforward \(command.first ?? "")"), "\(outcome)")
        #expect(outcome.stderr.isEmpty, "\(outcome)")
        #expect(workspace.runFolders().isEmpty && !workspace.exists("demos"))
    }

    @Test("the top level lists every command")
    func listsCommands() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("--help")
        for command in Self.commands { #expect(outcome.stdout.contains("  \(command) "), "\(command) missing: \(outcome)") }
    }

    @Test("`help <command>` is the command's help")
    func helpCommand() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("help", "train")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("USAGE: pushforward train"), "\(outcome)")
    }

    @Test("--version prints the version")
    func version() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("--version")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3, "\(outcome)")
    }

    @Test("user errors: one line, exit status 2", arguments: [
        UserErrorCase(["trian"], mentions: ["'trian'", "did you mean 'train'?"]),
        UserErrorCase(["frobnicate", "x"], mentions: ["'frobnicate'", "quickstart, train, steer, eval"]),
        UserErrorCase(["--bogus"], mentions: ["'--bogus'"]),
        UserErrorCase(["help", "trian"], mentions: ["'trian'"]),
    ])
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

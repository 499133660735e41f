import ArgumentParser
import Foundation

/// The `pushforward` command line: thin commands over the libraries.
@main
struct Pushforward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pushforward",
        abstract: "Diffusion and flow policies on 2D manipulation tasks, in one native binary.",
        subcommands: [Quickstart.self, Train.self, Eval.self, Render.self, Demos.self, Replay.self, ConfigCommand.self, Bench.self]
    )

    /// Runs the command; every error ends as one line on stderr with exit status 2
    /// (help and version requests keep their normal exit).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = Self.message(for: error)
                .split(separator: "\n", omittingEmptySubsequences: true)
                .joined(separator: " ")
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            Foundation.exit(2)
        }
    }
}

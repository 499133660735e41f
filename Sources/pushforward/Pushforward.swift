import ArgumentParser
import Configuration
import Experiments
import Runs
import Foundation

/// The `pushforward` command line: thin commands over the libraries.
@main
struct Pushforward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pushforward",
        abstract: "Diffusion and flow policies on 2D manipulation tasks, in one native binary.",
        version: PushforwardVersion.current,
        subcommands: [Quickstart.self, Train.self, Steer.self, Eval.self, Steerability.self, Compose.self, Compare.self, Sweep.self, Render.self, View.self, Demos.self, Replay.self, RunsCommand.self, ConfigCommand.self, Bench.self]
    )

    /// Runs the command; every error ends as one line on stderr with exit status 2
    /// (help and version requests keep their normal exit).
    static func main() {
        KernelSelection.restartIfBetterKernelsExist()
        do {
            if let message = unknownCommand(Array(CommandLine.arguments.dropFirst())) {
                throw UserFacingError(message)
            }
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

    /// The message for a first word (or the word after `help`) that names no command:
    /// the parser would call it an unexpected argument (or print the overview for
    /// `help`); a mistyped command deserves its name and the closest command.
    static func unknownCommand(_ arguments: [String]) -> String? {
        let words = arguments.first == "help" ? arguments.dropFirst() : arguments[...]
        guard let word = words.first, !word.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        if word == "sweep", let sub = words.dropFirst().first, !sub.hasPrefix("-") {
            // `sweep` has subcommands of its own; a mistyped one deserves the same help.
            let subcommands = Sweep.configuration.subcommands.map { $0._commandName }
            guard !subcommands.contains(sub), sub != "help" else { return nil }
            let suggestion = Suggestion.closest(to: sub, in: subcommands).map { "; did you mean '\($0)'?" } ?? ""
            return "unknown sweep command '\(sub)'\(suggestion) (sweep commands: \(subcommands.joined(separator: ", ")))"
        }
        guard !names.contains(word), word != "help" else { return nil }
        let suggestion = Suggestion.closest(to: word, in: names).map { "; did you mean '\($0)'?" } ?? ""
        return "unknown command '\(word)'\(suggestion) (commands: \(names.joined(separator: ", ")))"
    }
}

import Foundation
import Testing

/// `pushforward config <config> [k=v ...] [--explain]`.
@Suite("pushforward config")
struct ConfigCommandTests {
    @Test("--explain lists every key with its value and origin")
    func explain() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("config", "Configs/reach/diffusion.yaml", "train.steps=7", "--explain")
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        func line(_ key: String) -> String? { lines.first { $0.hasPrefix(key + " ") } }
        #expect(line("scene")?.contains("Scenes/reach.yaml") == true)
        #expect(line("scene")?.hasSuffix("# Configs/reach/diffusion.yaml:3") == true, "\(outcome)")
        #expect(line("threads")?.hasSuffix("# default") == true, "\(outcome)")
        #expect(line("train.steps")?.hasSuffix("# override train.steps=7") == true, "\(outcome)")
        #expect(line("train.dagger.rounds")?.contains("# Configs/reach/diffusion.yaml:") == true, "\(outcome)")
        #expect(lines.count > 40 && lines.allSatisfy { $0.contains("# ") }, "\(outcome)")
        #expect(outcome.stderr.isEmpty && workspace.runFolders().isEmpty)
    }

    @Test("without --explain: the resolved YAML")
    func resolved() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("config", "Configs/reach/flow.yaml", "seed=5")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("scene: Scenes/reach.yaml\n"), "\(outcome)")
        #expect(outcome.stdout.contains("\nseed: 5\n") && outcome.stdout.contains("family: flow"), "\(outcome)")
    }

    @Test("the embedded quickstart configuration")
    func quickstart() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let outcome = try await workspace.run("config", "quickstart", "--explain")
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.stdout.contains("# quickstart.yaml:"), "\(outcome)")
    }

    static let errors: [UserErrorCase] = [
        UserErrorCase(["config", "missing.yaml"], mentions: ["missing.yaml", "no such file"]),
        UserErrorCase(["config", "empty.yaml"], mentions: ["empty.yaml", "empty"]),
        UserErrorCase(["config", "Configs"], mentions: ["Configs", "folder"]),
        UserErrorCase(["config", "invalid.yaml"], mentions: ["invalid.yaml:4", "line 3"]),
        UserErrorCase(["config", "typo.yaml"], mentions: ["typo.yaml:3", "'train.stepz'", "did you mean 'steps'?"]),
        UserErrorCase(["config", "wrong-type.yaml"], mentions: ["wrong-type.yaml:3", "'train.steps'", "integer", "'abc'"]),
        UserErrorCase(["config", "sampler.yaml"], mentions: ["sampler.yaml:3", "'eval.sampler.method'", "'dpm'", "did you mean 'ddpm'?"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "train.stepz=4"],
                      mentions: ["'train.stepz=4'", "did you mean 'train.steps'?"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "train.steps=abc"],
                      mentions: ["'train.steps=abc'", "integer", "'abc'"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "eval.episodes=0"],
                      mentions: ["'eval.episodes=0'", "at least 1"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "eval.sampler.method=ddimm"],
                      mentions: ["'eval.sampler.method'", "did you mean 'ddim'?"]),
        UserErrorCase(["config", "Configs/reach/flow.yaml", "eval.sampler.method=ddim"],
                      mentions: ["'eval.sampler.method'", "flow"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "steps"], mentions: ["'steps'", "key=value"]),
        UserErrorCase(["config"], mentions: ["<config>"]),
        UserErrorCase(["config", "Configs/reach/diffusion.yaml", "--explian"], mentions: ["'--explian'"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyConfigs()
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

extension Workspace {
    /// Training configurations with one mistake each (the mistake on line 3).
    func writeSillyConfigs() throws {
        try write("", to: "empty.yaml")
        try write("scene: Scenes/reach.yaml\ntrain:\n  steps: [1, 2\n", to: "invalid.yaml")
        try write("scene: Scenes/reach.yaml\ntrain:\n  stepz: 100\n", to: "typo.yaml")
        try write("scene: Scenes/reach.yaml\ntrain:\n  steps: abc\n", to: "wrong-type.yaml")
        try write("scene: Scenes/reach.yaml\neval:\n  sampler: {method: dpm, steps: 10}\n", to: "sampler.yaml")
    }
}

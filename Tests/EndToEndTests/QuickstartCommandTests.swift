import Foundation
import Testing

/// `pushforward quickstart [k=v ...]`: the full run takes minutes in a release build, so
/// only what must fail before it starts is checked here.
@Suite("pushforward quickstart")
struct QuickstartCommandTests {
    static let errors: [UserErrorCase] = [
        UserErrorCase(["quickstart", "train.stepz=3"], mentions: ["'train.stepz=3'", "did you mean 'train.steps'?"]),
        UserErrorCase(["quickstart", "train.steps=abc"], mentions: ["'train.steps=abc'", "integer", "'abc'"]),
        UserErrorCase(["quickstart", "train.steps=0"], mentions: ["'train.steps=0'", "at least 1"]),
        UserErrorCase(["quickstart", "eval.episodes=0"], mentions: ["'eval.episodes=0'", "at least 1"]),
        UserErrorCase(["quickstart", "demos.episodes=-5"], mentions: ["'demos.episodes=-5'", "at least 1"]),
        UserErrorCase(["quickstart", "eval.sampler.method=foo"], mentions: ["'eval.sampler.method=foo'", "ddpm, ddim, euler"]),
        UserErrorCase(["quickstart", "policy.family=flow"], mentions: ["'eval.sampler", "dpmsolver", "euler"]),
        UserErrorCase(["quickstart", "scene=Scenes/nosuch.yaml"], mentions: ["Scenes/nosuch.yaml", "no such file"]),
        UserErrorCase(["quickstart", "seed"], mentions: ["'seed'", "key=value"]),
        UserErrorCase(["quickstart", "--runz", "x"], mentions: ["'--runz'"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2, no run folder", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

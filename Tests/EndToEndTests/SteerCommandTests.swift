import Foundation
import Testing

/// `pushforward steer <config> [k=v ...]`: what must fail before a steering run starts
/// (the tiny runs themselves are in ExperimentsTests/Steering).
@Suite("pushforward steer")
struct SteerCommandTests {
    static let errors: [UserErrorCase] = [
        UserErrorCase(["steer", "Configs/reach/nosuch.yaml"], mentions: ["Configs/reach/nosuch.yaml", "no such file"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.sac.actionBound=0"],
                      mentions: ["'steer.sac.actionBound=0'", "must be positive"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.sac.actionBound=-1.5"],
                      mentions: ["'steer.sac.actionBound=-1.5'", "must be positive"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "base.sampler.method=ddpm", "base.sampler.steps=100"],
                      mentions: ["'base.sampler.method=ddpm'", "deterministic"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "base.sampler.method=rti", "base.sampler.steps=10"],
                      mentions: ["'base.sampler.method'", "initial noise"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "base.sampler.method=ddim", "base.sampler.steps=10", "base.sampler.every=1"],
                      mentions: ["'base.sampler.every'", "without 'every'"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "method=dsrll"], mentions: ["'method=dsrll'", "dsrl"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "base.run=Scenes"], mentions: ["Scenes"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "base.run=nosuch-run"], mentions: ["nosuch-run"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.steps=0"], mentions: ["'steer.steps=0'", "at least 1"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.stepz=3"], mentions: ["'steer.stepz=3'", "did you mean 'steer.steps'?"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.latentSteps=0"], mentions: ["'steer.latentSteps=0'", "at least 1"]),
        UserErrorCase(["steer", "Configs/reach/residual.yaml", "steer.latentSteps=1"],
                      mentions: ["'steer.latentSteps=1'", "noise steering"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "steer.latentSteps=17"],
                      mentions: ["'steer.latentSteps=17'", "prediction horizon 16"]),
        UserErrorCase(["steer", "Configs/reach/dsrl.yaml", "--resume"], mentions: ["Configs/reach/dsrl.yaml"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2, no run folder", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

import Foundation
import Testing
@testable import Experiments
import Policies

/// The shipped configurations load, validate, and the embedded quickstart equals its file.
@Suite struct ConfigFilesTests {
    static let repository: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    @Test func embeddedQuickstartEqualsItsFile() throws {
        let file = try String(contentsOf: Self.repository.appendingPathComponent("Configs/quickstart.yaml"), encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines)
                == Quickstart.configuration.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test(arguments: ["quickstart", "pusht/diffusion", "pusht/flow", "reach/diffusion", "reach/flow",
                      "reach-obstacle/diffusion", "reach-obstacle/flow", "pusht/anchored", "reach-obstacle/anchored",
                      "pusht/diffusion-weak"])
    func shippedConfigLoads(name: String) throws {
        let path = Self.repository.appendingPathComponent("Configs/\(name).yaml").path
        let config = try TrainRun.loadConfig(path, overrides: []).value
        let method: [PolicyConfiguration.Family: Sampler.Method] = [.diffusion: .ddim, .flow: .euler, .anchored: .anchored]
        #expect(config.eval.sampler.method == method[config.policy.family] || name == "quickstart")
        // The weak base is the quickstart with one DAgger round fewer.
        #expect(name != "pusht/diffusion-weak" || (config.train.dagger.rounds == 1 && config.demos.episodes == 150))
        #expect((config.policy.family == .anchored) == name.hasSuffix("anchored"))
    }

    @Test(arguments: ["pusht/compose", "reach-obstacle/compose"])
    func shippedCompositionConfigLoads(name: String) throws {
        let path = Self.repository.appendingPathComponent("Configs/\(name).yaml").path
        let config = try ComposeRun.loadConfig(configPath: path, parents: [], overrides: []).value
        #expect(config.parents.isEmpty && config.recipes.count == 2)
        for recipe in config.recipes {
            _ = try TrainRun.loadConfig(Self.repository.appendingPathComponent(recipe.config).path, overrides: recipe.overrides)
        }
    }

    @Test(arguments: ["pusht/dsrl", "pusht/dsrl-weak", "pusht/dsrl-na", "pusht/residual", "reach/dsrl", "reach/residual",
                      "reach-obstacle/dsrl", "reach-obstacle/residual"])
    func shippedSteeringConfigLoads(name: String) throws {
        let path = Self.repository.appendingPathComponent("Configs/\(name).yaml").path
        let config = try SteerRun.loadConfig(path, overrides: []).value
        try config.validate()
        #expect(config.method.rawValue == name.split(separator: "/").last.map(String.init)?.replacingOccurrences(of: "-weak", with: ""))
        #expect(!config.base.recipe.isEmpty || !config.base.run.isEmpty)
    }

    @Test func badConfigsGiveOneLine() throws {
        func message(_ yaml: String, _ overrides: [String] = []) -> String {
            do {
                _ = try TrainRun.start(yaml: yaml, name: "bad.yaml", overrides: overrides, runsRoot: "/nonexistent") { _ in }
                return "no error"
            } catch { return String(describing: error) }
        }
        #expect(message("policy:\n  widht: 3\n") == "bad.yaml:2: unknown key 'policy.widht'; did you mean 'width'?")
        #expect(message("train:\n  steps: many\n") == "bad.yaml:2: key 'train.steps': expected an integer, found 'many'")
        #expect(message("policy:\n  family: diffusion\neval:\n  sampler: {method: euler, steps: 10}\n")
                == "bad.yaml:4: key 'eval.sampler.method': 'euler' samples flow policies; use ddim or ddpm for policy.family diffusion")
        #expect(message("", ["policy.actionHorizon=20"])
                == "override 'policy.actionHorizon=20': key 'policy.actionHorizon': observationHorizon - 1 + actionHorizon must be at most predictionHorizon (16)")
        #expect(message("scene: Scenes/nope.yaml\n") == "Scenes/nope.yaml: no such file (scene files are in Scenes/, e.g. Scenes/pusht.yaml)")
    }
}

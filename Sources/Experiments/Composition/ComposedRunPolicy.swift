import Configuration
import Policies
import Runs
import Tasks

/// A composition run read back as a policy: its parents composed with the weights the
/// search chose (`compose.json`), its sampler and parent 1's task (what `eval`, `render`
/// and the viewer run).
struct ComposedRunPolicy {
    let config: ComposeConfig
    let report: CompositionReport
    let policy: Policy
    let sampler: Sampler
    let task: any TaskDefinition

    /// Whether a run's configuration text is a composition's.
    static func isComposition(configText: String) -> Bool {
        ConfigDocument.topLevelValue("parents", inYAML: configText)
    }

    init(run: RunFolder, configText: String) throws {
        config = try LoadedConfig.load(ComposeConfig.self, yaml: configText, name: run.configPath, defaults: ComposeConfig()).value
        guard RunFiles.exists(RunFiles.join(run.path, ComposeFiles.report)) else {
            throw UserFacingError("\(run.path): the composition has no \(ComposeFiles.report) yet (its weight search did not finish); run pushforward compose again")
        }
        report = try run.readJSON(CompositionReport.self, name: ComposeFiles.report)
        let (parents, sampler) = try ComposeRun.parents(config)
        self.sampler = sampler
        policy = Policy(composing: try Composition(parents: parents.map(\.policy), weights: report.chosen))
        task = parents[0].task
    }
}

import Foundation
import Testing

/// `pushforward train <config> [k=v ...]`, then `eval` and `render` on the run it made.
@Suite("pushforward train")
struct TrainCommandTests {
    @Test("a tiny Reach run (BC, one DAgger round), then eval and render on it")
    func tinyRunThenEvalAndRender() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")

        // train: 30 BC steps, a DAgger round, 10 more steps; checkpoints at 20, 30, 40.
        let train = try await workspace.run("train", "tiny-reach.yaml")
        #expect(train.status == 0, "\(train)")
        let runs = workspace.runFolders()
        try #require(runs.count == 1, "expected one run folder, found \(runs): \(train)")
        let run = runs[0]
        #expect(run.hasSuffix("_reach_diffusion_s3"))
        #expect(train.stdout.contains("run: \(run)\n"), "\(train)")
        #expect(train.stdout.contains("summary: \(run)/eval/00000040/summary.json"), "\(train)")
        #expect(train.stdout.contains("success ") && train.stdout.contains("(mean)"), "\(train)")
        #expect(train.stderr.contains("run folder \(run)") && train.stderr.contains("DAgger round 1"), "\(train)")
        #expect(!train.stderr.contains("error"), "\(train)")

        // The run folder's layout (README, "A tour of the commands").
        for file in ["config.yaml", "scene.yaml", "run.json", "dataset.safetensors", "metrics/train.jsonl", "metrics/eval.jsonl",
                     "checkpoints/latest", "eval/00000040/summary.json", "eval/00000040/episodes.csv",
                     "plots/train_loss.svg", "plots/success_rate.svg"] {
            #expect(workspace.exists("\(run)/\(file)"), "\(run)/\(file) is missing")
        }
        for step in ["00000020", "00000030", "00000040"] {
            for file in ["model", "ema", "optimizer"] {
                #expect(workspace.exists("\(run)/checkpoints/\(step)/\(file).safetensors"), "checkpoint \(step) lacks \(file)")
            }
        }
        #expect(try workspace.read("\(run)/checkpoints/latest").trimmingCharacters(in: .whitespacesAndNewlines) == "40")
        let record = try #require(try JSONSerialization.jsonObject(with: Data(workspace.read("\(run)/run.json").utf8)) as? [String: Any])
        #expect(record["status"] as? String == "completed", "\(record)")
        #expect(try workspace.read("\(run)/config.yaml").hasPrefix("scene: Scenes/reach.yaml\n"))
        let videos = try FileManager.default.contentsOfDirectory(atPath: workspace.file("\(run)/eval/00000040/videos"))
        #expect(videos.count == 1 && videos[0].hasSuffix(".gif"), "\(videos)")
        let phases = try jsonLines(workspace.read("\(run)/metrics/eval.jsonl")).compactMap { $0["phase"] as? String }
        #expect(phases == ["bc", "dagger1-rollouts", "dagger1", "final"], "\(phases)")
        let summary = try #require(try JSONSerialization.jsonObject(
            with: Data(workspace.read("\(run)/eval/00000040/summary.json").utf8)) as? [String: Any])
        #expect(summary["episodes"] as? Int == 4 && summary["checkpoint_step"] as? Int == 40, "\(summary)")
        for plot in ["train_loss", "success_rate"] {
            #expect(try workspace.read("\(run)/plots/\(plot).svg").hasPrefix("<?xml"), "\(plot).svg is not SVG")
        }
        // The success rate: the policy's three evaluations (bc, dagger1, final) with an
        // error bar each on one line; the DAgger rollouts apart, as markers.
        let successPlot = try workspace.read("\(run)/plots/success_rate.svg")
        #expect(successPlot.contains(#"data-name="policy evaluations, 95% Wilson interval" data-style="line""#))
        #expect(successPlot.contains(#"data-name="DAgger rollouts (expert helping)" data-style="markers""#))
        #expect(successPlot.components(separatedBy: #"class="error-bar""#).count - 1 == 3)

        // eval: the latest checkpoint, 4 episodes, into eval/<step>-<sampler>-<N>ep/.
        let eval = try await workspace.run("eval", run, "episodes=4")
        #expect(eval.status == 0, "\(eval)")
        let results = "\(run)/eval/00000040-ddim4-4ep"
        #expect(eval.stdout.contains("results      \(results)\n"), "\(eval)")
        #expect(eval.stdout.contains("checkpoint   step 40"), "\(eval)")
        let evaluated = try #require(try JSONSerialization.jsonObject(
            with: Data(workspace.read("\(results)/summary.json").utf8)) as? [String: Any])
        #expect(evaluated["episodes"] as? Int == 4, "\(evaluated)")
        #expect(workspace.exists("\(results)/episodes.csv"))
        let lastRow = try jsonLines(workspace.read("\(run)/metrics/eval.jsonl")).last
        #expect(lastRow?["phase"] as? String == "eval:ddim4-4ep", "\(String(describing: lastRow))")

        // The run keeps its scene: it evaluates the same with the scene file changed or gone.
        #expect(try workspace.read("\(run)/scene.yaml") == workspace.read("Scenes/reach.yaml"))
        try FileManager.default.moveItem(atPath: workspace.file("Scenes/reach.yaml"), toPath: workspace.file("reach-moved.yaml"))
        let moved = try await workspace.run("eval", run, "episodes=4")
        try FileManager.default.moveItem(atPath: workspace.file("reach-moved.yaml"), toPath: workspace.file("Scenes/reach.yaml"))
        #expect(moved.status == 0, "\(moved)")
        #expect(moved.stdout.contains(eval.stdout.split(separator: "\n").first { $0.hasPrefix("success") }!), "\(moved)")

        // render: three GIFs by default, each path printed.
        let render = try await workspace.run("render", run)
        #expect(render.status == 0, "\(render)")
        let gifs = render.stdout.split(separator: "\n").map(String.init)
        #expect(gifs.count == 3, "\(render)")
        for gif in gifs { #expect(gif.hasSuffix(".gif") && workspace.exists(gif), "\(gif) was not written") }

        // render honours episodes= like eval does, and leaves no GIF of the earlier render.
        let one = try await workspace.run("render", run, "episodes=1")
        #expect(one.status == 0, "\(one)")
        let oneGIF = one.stdout.split(separator: "\n").map(String.init)
        #expect(oneGIF.count == 1, "\(one)")
        let renderVideos = ((oneGIF.first ?? "") as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace.file(renderVideos)).count == 1)
    }

    static let errors: [UserErrorCase] = [
        UserErrorCase(["train", "missing.yaml"], mentions: ["missing.yaml", "no such file"]),
        UserErrorCase(["train", "empty.yaml"], mentions: ["empty.yaml", "empty"]),
        UserErrorCase(["train", "Configs"], mentions: ["Configs", "folder"]),
        UserErrorCase(["train", "invalid.yaml"], mentions: ["invalid.yaml:4", "line 3"]),
        UserErrorCase(["train", "typo.yaml"], mentions: ["typo.yaml:3", "'train.stepz'", "did you mean 'steps'?"]),
        UserErrorCase(["train", "wrong-type.yaml"], mentions: ["wrong-type.yaml:3", "'train.steps'", "'abc'"]),
        UserErrorCase(["train", "sampler.yaml"], mentions: ["sampler.yaml:3", "'dpm'", "did you mean 'ddpm'?"]),
        UserErrorCase(["train", "tiny-reach.yaml", "train.stepz=3"], mentions: ["'train.stepz=3'", "did you mean 'train.steps'?"]),
        UserErrorCase(["train", "tiny-reach.yaml", "train.steps=abc"], mentions: ["'train.steps=abc'", "integer", "'abc'"]),
        UserErrorCase(["train", "tiny-reach.yaml", "train.steps=0"], mentions: ["'train.steps=0'", "at least 1"]),
        UserErrorCase(["train", "tiny-reach.yaml", "demos.episodes=0"], mentions: ["'demos.episodes=0'", "at least 1"]),
        UserErrorCase(["train", "tiny-reach.yaml", "eval.episodes=-3"], mentions: ["'eval.episodes=-3'", "at least 1"]),
        UserErrorCase(["train", "tiny-reach.yaml", "eval.sampler.method=dpm"], mentions: ["'eval.sampler.method'", "'dpm'"]),
        UserErrorCase(["train", "tiny-reach.yaml", "policy.family=flow"], mentions: ["tiny-reach.yaml:17", "'eval.sampler.method'", "euler"]),
        UserErrorCase(["train", "tiny-reach.yaml", "policy.family=anchored"], mentions: ["'eval.sampler.method'", "anchored"]),
        UserErrorCase(["train", "tiny-reach.yaml", "policy.truncation=5"], mentions: ["policy.truncation", "anchored only"]),
        UserErrorCase(["train", "tiny-reach.yaml", "policy.family=anchored", "eval.sampler.method=anchored", "eval.sampler.steps=2",
                       "policy.truncation=101"], mentions: ["policy.truncation", "1...100", "101"]),
        UserErrorCase(["train", "tiny-reach.yaml", "policy.family=anchored", "eval.sampler.method=anchored", "eval.sampler.steps=2",
                       "eval.sampler.start=20"], mentions: ["sampler.start", "0...19", "20"]),
        UserErrorCase(["train", "tiny-reach.yaml", "scene=Scenes/nosuch.yaml"], mentions: ["Scenes/nosuch.yaml", "no such file"]),
        UserErrorCase(["train", "tiny-reach.yaml", "--runs", "tiny-reach.yaml"], mentions: ["tiny-reach.yaml", "not a folder"]),
        UserErrorCase(["train", "folder", "--resume"], mentions: ["folder", "not a run folder"]),
        UserErrorCase(["train", "tiny-reach.yaml", "--resume"], mentions: ["tiny-reach.yaml", "not a run folder"]),
        UserErrorCase(["train", "missing-run", "--resume"], mentions: ["missing-run", "no such run folder"]),
        UserErrorCase(["train", "folder", "train.steps=5", "--resume"], mentions: ["--resume", "overrides"]),
        UserErrorCase(["train"], mentions: ["<config>"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2, no run folder", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.writeSillyConfigs()
        try workspace.copyFixture("tiny-reach.yaml")
        try workspace.makeFolder("folder")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    // These were once found only after the run had started (or crashed), leaving a run
    // folder behind: TrainConfig.validate checks them before anything is written.

    @Test("a negative number of DAgger rounds is refused")
    func negativeDaggerRounds() async throws {
        try await expectTinyRunRefused("train.dagger.rounds=-1", mentioning: ["'train.dagger.rounds=-1'", "at least 0"])
    }

    @Test("a negative number of GIFs is refused")
    func negativeGIFs() async throws {
        try await expectTinyRunRefused("eval.gifs=-1", mentioning: ["'eval.gifs=-1'"])
    }

    @Test("zero sampler steps are refused before training")
    func zeroSamplerSteps() async throws {
        try await expectTinyRunRefused("eval.sampler.steps=0", mentioning: ["'eval.sampler.steps=0'", "1...100"])
    }

    @Test("zero periodic episodes are refused before training")
    func zeroPeriodicEpisodes() async throws {
        try await expectTinyRunRefused("eval.periodicEpisodes=0", mentioning: ["'eval.periodicEpisodes=0'", "at least 1"])
    }

    @Test("a missing demos.file is refused before a run folder is made")
    func missingDemosFile() async throws {
        try await expectTinyRunRefused("demos.file=nosuch.safetensors", mentioning: ["nosuch.safetensors", "no such file"])
    }

    private func expectTinyRunRefused(_ override: String, mentioning fragments: [String]) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        try await workspace.expectUserError(["train", "tiny-reach.yaml", override], mentioning: fragments)
    }
}

/// The objects of a JSON Lines file.
func jsonLines(_ text: String) throws -> [[String: Any]] {
    try text.split(separator: "\n").map { line in
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }
}

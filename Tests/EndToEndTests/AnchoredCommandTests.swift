import Foundation
import Testing

/// `policy.family anchored` from the command line: a tiny run, its evaluation with the
/// best and the sampled anchor, and the samplers and settings it refuses.
@Suite("pushforward train/eval, anchored policies")
struct AnchoredCommandTests {
    static let anchored = ["policy.family=anchored", "policy.anchors=4", "policy.truncation=10",
                           "eval.sampler.method=anchored", "eval.sampler.steps=2"]

    @Test("a tiny anchored run evaluates with 2 NFE per chunk; other samplers and bad settings are refused")
    func tinyAnchoredRun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let train = try await workspace.run(["train", "tiny-reach.yaml", "demos.episodes=4", "train.steps=10",
                                             "train.dagger.rounds=0", "eval.episodes=2", "eval.gifs=0", "threads=1"] + Self.anchored)
        try #require(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        #expect(run.hasSuffix("_reach_anchored_s3"))
        #expect(try workspace.read("\(run)/config.yaml").contains("  anchors: 4\n  truncation: 10\n"))

        for (arguments, fragments) in [
            (["eval", run, "sampler.method=ddim", "episodes=1"], ["'ddim'", "anchored policy", "sampler.method=anchored"]),
            (["eval", run, "sampler.method=rti", "episodes=1"], ["'rti'", "anchored policy"]),
            (["eval", run, "sampler.start=10", "episodes=1"], ["sampler.start", "0...9", "10"]),
            (["eval", run, "sampler.steps=7", "sampler.start=5", "episodes=1"], ["sampler.steps", "1...6", "7"]),
            (["eval", run, "sampler.anchorChoice=any", "episodes=1"], ["'sampler.anchorChoice=any'", "best, sample"]),
            (["steer", "Configs/reach/dsrl.yaml", "base.run=\(run)"], ["base.sampler", "anchored policy", "diffusion or flow"]),
        ] {
            try await workspace.expectUserError(arguments, mentioning: fragments)
        }
        let best = try await workspace.run("eval", run, "episodes=2", "gifs=0", "threads=1")
        #expect(best.status == 0, "\(best)")
        #expect(workspace.exists("\(run)/eval/00000010-anchored2-k5-2ep/summary.json"), "\(best)")
        let sampled = try await workspace.run("eval", run, "episodes=2", "gifs=0", "threads=1", "sampler.anchorChoice=sample")
        #expect(sampled.status == 0, "\(sampled)")
        #expect(workspace.exists("\(run)/eval/00000010-anchored2-k5-sample-2ep/summary.json"), "\(sampled)")
        let row = try #require(try jsonLines(workspace.read("\(run)/metrics/eval.jsonl")).last)
        #expect(row["nfe_per_control_step"] as? Double == 0.25, "2 NFE per chunk of 8 steps: \(row)")
    }

    @Test("more anchors than the chunks of demos.file: one line naming policy.anchors, no run folder")
    func moreAnchorsThanChunks() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let demos = try await workspace.run("demos", "Scenes/reach.yaml", "episodes=2", "out=two.safetensors")
        try #require(demos.status == 0, "\(demos)")
        try await workspace.expectUserError(
            ["train", "tiny-reach.yaml", "demos.file=two.safetensors", "train.dagger.rounds=0", "threads=1"]
                + Self.anchored.map { $0 == "policy.anchors=4" ? "policy.anchors=100000" : $0 },
            mentioning: ["policy.anchors", "100000 anchors", "training chunks", "lower policy.anchors"])
    }
}

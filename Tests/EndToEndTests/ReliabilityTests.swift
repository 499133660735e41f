import Foundation
import Testing

/// Faults a run must survive: divergence, damaged checkpoints and datasets. Each ends
/// with one `error:` line and exit status 2, and leaves the run folder as it was.
@Suite("reliability")
struct ReliabilityTests {
    /// The last stderr line of a command that failed, checked for the one-line form.
    private func expectFailure(_ outcome: Pushforward.Outcome, mentioning fragments: [String],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status == 2, "\(outcome)", sourceLocation: sourceLocation)
        let errors = outcome.stderrLines.filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1 && outcome.stderrLines.last == errors.first, "\(outcome)", sourceLocation: sourceLocation)
        #expect(!outcome.stderr.contains("Backtrace") && !outcome.stderr.contains("Fatal error"), "\(outcome)",
                sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(errors.first?.contains(fragment) == true, "no \"\(fragment)\" in: \(outcome)", sourceLocation: sourceLocation)
        }
    }

    @Test("a diverging run stops naming the step and the tensor and keeps its last checkpoint")
    func divergenceStopsTheRun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        // lr = 1e30 really blows the loss up within a few steps (no hidden hook).
        let train = try await workspace.run("train", "tiny-reach.yaml", "train.learningRate=1e30", "train.checkpointEvery=1")
        expectFailure(train, mentioning: ["training diverged: training step ", "is not finite", "nothing of that step was applied",
                                          "the last checkpoint (step "])
        let run = try #require(workspace.runFolders().first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(workspace.read("\(run)/run.json").utf8)) as? [String: Any])
        #expect(record["status"] as? String == "failed")
        let latest = try #require(Int(workspace.read("\(run)/checkpoints/latest").trimmingCharacters(in: .whitespacesAndNewlines)))
        let failedStep = try #require(train.stderr.firstMatch(of: /training step (\d+)/).map { Int($0.1)! })
        #expect(latest == failedStep - 1, "the checkpoint of the step before the failure is the latest")
        for file in ["model", "ema", "optimizer"] {
            #expect(workspace.exists("\(run)/checkpoints/\(String(format: "%08d", latest))/\(file).safetensors"))
        }
        // Its weights are finite but already absurd: evaluation stops on the first
        // non-finite action instead of reporting a success rate, and writes nothing.
        let before = workspace.snapshot()
        let eval = try await workspace.run("eval", run, "episodes=2", "gifs=0")
        expectFailure(eval, mentioning: ["rollout episode ", "the action is not finite"])
        #expect(workspace.snapshot().keys.sorted() == before.keys.sorted(), "eval left files behind")
    }

    @Test("a diverging steering run stops naming the gradient step and the tensor; its last checkpoint evaluates")
    func steeringDivergenceStopsTheRun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let train = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0", "--runs", "base")
        #expect(train.status == 0, "\(train)")
        let base = try #require(workspace.runFolders(root: "base").first)
        // SAC's batch of 64 transitions fills after the first round (400 environment steps,
        // checkpointed); its first gradient step at lr 1e30 sends the critic to infinity.
        let steer = try await workspace.run(
            "steer", "Configs/reach/dsrl.yaml", "base.run=\(base)", "steer.steps=1200", "steer.batchSize=4",
            "steer.episodesPerRound=1", "steer.warmupSteps=100", "steer.evalEvery=300", "steer.checkpointEvery=100",
            "steer.sac.batchSize=64", "steer.sac.width=16", "steer.sac.hiddenLayers=1", "steer.sac.learningRate=1e30",
            "eval.episodes=4", "eval.periodicEpisodes=4", "eval.batchSize=4", "eval.gifs=0", "threads=1")
        let run = try #require(workspace.runFolders().first)
        let latest = try #require(Int(workspace.read("\(run)/checkpoints/latest").trimmingCharacters(in: .whitespacesAndNewlines)))
        expectFailure(steer, mentioning: ["steering diverged at gradient step ", "(environment step ", "nothing of that step was applied",
                                          "the last checkpoint (environment step \(latest)) is kept", "steer.sac.learningRate"])
        #expect(steer.stderr.firstMatch(of: /error: .*: critic [^;]* is (infinite|NaN),/) != nil, "no tensor named: \(steer)")
        let failedAt = try #require(steer.stderr.firstMatch(of: /\(environment step (\d+)\)/).map { Int($0.1)! })
        #expect(latest > 0 && latest < failedAt)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(workspace.read("\(run)/run.json").utf8)) as? [String: Any])
        #expect(record["status"] as? String == "failed")
        for file in ["agent", "replay"] {
            #expect(workspace.exists("\(run)/checkpoints/\(String(format: "%08d", latest))/\(file).safetensors"))
        }
        // The last good checkpoint is loadable: the steered policy evaluates from it.
        let eval = try await workspace.run("eval", run, "episodes=2", "gifs=0")
        #expect(eval.status == 0 && eval.stdout.contains("checkpoint   step \(latest)"), "\(eval)")
        // A resume continues from it and diverges again at the same step, saying so in one line.
        let resume = try await workspace.run("steer", run, "--resume")
        expectFailure(resume, mentioning: ["the last checkpoint (environment step \(latest)) is kept"])
        #expect(resume.stderr.contains("resuming from environment step \(latest)"), "\(resume)")
        #expect(resume.stderrLines.last == steer.stderrLines.last, "\(resume)")
    }

    @Test("the same seed at the same thread count gives bit-identical checkpoints and metrics")
    func sameSeedSameBits() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        for root in ["a", "b"] {
            let train = try await workspace.run("train", "tiny-reach.yaml", "threads=2", "eval.gifs=0", "--runs", root)
            #expect(train.status == 0, "\(train)")
        }
        let a = try #require(workspace.runFolders(root: "a").first), b = try #require(workspace.runFolders(root: "b").first)
        for step in ["00000020", "00000030", "00000040"] {
            for file in ["model", "ema", "optimizer"] {
                let path = "checkpoints/\(step)/\(file).safetensors"
                #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.file("\(a)/\(path)")))
                        == Data(contentsOf: URL(fileURLWithPath: workspace.file("\(b)/\(path)"))), "\(path) differs")
            }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.file("\(a)/dataset.safetensors")))
                == Data(contentsOf: URL(fileURLWithPath: workspace.file("\(b)/dataset.safetensors"))))
        // Metrics equal but for wall-clock columns.
        func figures(_ run: String, _ log: String) throws -> [String] {
            try jsonLines(workspace.read("\(run)/metrics/\(log).jsonl")).map { row in
                row.filter { !$0.key.hasSuffix("_per_s") && $0.key != "seconds" }.sorted { $0.key < $1.key }
                    .map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            }
        }
        for log in ["train", "eval"] { #expect(try figures(a, log) == figures(b, log), "\(log).jsonl differs") }
        #expect(try workspace.read("\(a)/eval/00000040/episodes.csv") == workspace.read("\(b)/eval/00000040/episodes.csv"))
    }

    @Test("a one-character runs folder works (NSString.deletingLastPathComponent crashed on it)")
    func oneCharacterRunsFolder() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let train = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0", "--runs", "r")
        #expect(train.status == 0, "\(train)")
        #expect(workspace.runFolders(root: "r").count == 1)
    }

    @Test("a damaged checkpoint or dataset is refused, naming the file")
    func damagedFilesAreRefused() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let train = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0")
        #expect(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        let ema = "\(run)/checkpoints/00000030/ema.safetensors"
        try flipBit(workspace.file(ema), fromEnd: 64)
        try await workspace.expectUserError(["eval", run, "episodes=2"], mentioning: [ema, "checksum mismatch"])
        let truncated = "\(run)/checkpoints/00000030/model.safetensors"
        try truncate(workspace.file(truncated), by: 1000)
        try await workspace.expectUserError(["eval", run, "episodes=2", "ema=false"], mentioning: [truncated, "beyond the"])
        let dataset = "\(run)/dataset.safetensors"
        try flipBit(workspace.file(dataset), fromEnd: 200)
        try await workspace.expectUserError(["train", "tiny-reach.yaml", "demos.file=\(dataset)"],
                                            mentioning: ["'demos.file", dataset, "checksum mismatch"])
    }
}

/// Flips the lowest bit of the byte `fromEnd` bytes before the end of `path`.
func flipBit(_ path: String, fromEnd: Int) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[bytes.count - fromEnd] ^= 1
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Cuts `count` bytes off the end of `path`.
func truncate(_ path: String, by count: Int) throws {
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.dropLast(count).write(to: URL(fileURLWithPath: path))
}

import Foundation
import Testing

/// `pushforward eval <run|checkpoint> [k=v ...]` and `pushforward render <run>`: what a
/// user can get wrong (the success paths run in `TrainCommandTests`).
@Suite("pushforward eval and render")
struct EvalCommandTests {
    static let errorsWithoutRun: [UserErrorCase] = [
        UserErrorCase(["eval", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["eval", "missing-run"], mentions: ["missing-run", "no such run folder"]),
        UserErrorCase(["eval", "notes.txt"], mentions: ["notes.txt", "not a run folder"]),
        UserErrorCase(["eval", "emptydir", "episodez=3"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["render", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["render", "missing-run"], mentions: ["missing-run", "no such run folder"]),
        UserErrorCase(["eval"], mentions: ["<target>"]),
        UserErrorCase(["render"], mentions: ["<target>"]),
        UserErrorCase(["steerability", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["steerability", "missing-run"], mentions: ["missing-run", "no such run folder"]),
        UserErrorCase(["steerability"], mentions: ["<target>"]),
        UserErrorCase(["compare"], mentions: ["at least one run folder"]),
        UserErrorCase(["compare", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["compare", "notes.txt", "--output", "c.svg"], mentions: ["notes.txt", "not a run folder"]),
    ]

    @Test("user errors without a run: one line naming the cause, exit status 2", arguments: errorsWithoutRun)
    func userErrorsWithoutRun(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeFolder("emptydir")
        try workspace.write("not a run\n", to: "notes.txt")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    @Test("user errors on a real run, corrupt checkpoints included: nothing is added to the run")
    func userErrorsOnARun() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        // The smallest run: no DAgger, 10 steps, one checkpoint, a 1-episode evaluation.
        let train = try await workspace.run("train", "tiny-reach.yaml", "demos.episodes=4", "train.steps=10",
                                            "train.dagger.rounds=0", "eval.episodes=1", "eval.gifs=0", "threads=1")
        try #require(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        let checkpoint = "\(run)/checkpoints/00000010"

        // Copies of the run with garbage in one weights file each.
        let fm = FileManager.default
        for (copy, file) in [("garbage-model", "model"), ("garbage-ema", "ema"), ("empty-ema", "ema")] {
            try fm.copyItem(atPath: workspace.file(run), toPath: workspace.file(copy))
            try workspace.write(copy == "empty-ema" ? "" : "this is not a safetensors file\n",
                                to: "\(copy)/checkpoints/00000010/\(file).safetensors")
        }

        let cases: [UserErrorCase] = [
            UserErrorCase(["eval", run, "episodes=0"], mentions: ["episodes", "at least 1", "0"]),
            UserErrorCase(["eval", run, "episodes=-1"], mentions: ["episodes", "at least 1", "-1"]),
            UserErrorCase(["eval", run, "episodes=abc"], mentions: ["'episodes=abc'", "integer"]),
            UserErrorCase(["eval", run, "episodez=3"], mentions: ["'episodez=3'", "did you mean 'episodes'?"]),
            UserErrorCase(["eval", run, "sampler.method=foo"], mentions: ["'sampler.method=foo'", "ddpm, ddim, euler"]),
            UserErrorCase(["eval", run, "sampler.method=ddimm"], mentions: ["'sampler.method=ddimm'", "did you mean 'ddim'?"]),
            UserErrorCase(["eval", run, "sampler.method=euler", "episodes=1"], mentions: ["euler", "flow"]),
            UserErrorCase(["eval", run, "sampler.steps=0", "episodes=1"], mentions: ["sampler", "steps", "0"]),
            UserErrorCase(["eval", run, "sampler.method=rti", "sampler.start=101", "episodes=1"],
                          mentions: ["sampler.start", "1...100", "101"]),
            UserErrorCase(["eval", run, "sampler.method=rti", "sampler.base=ddim", "sampler.steps=10", "sampler.start=0", "episodes=1"],
                          mentions: ["sampler.start", "1...10", "0"]),
            UserErrorCase(["eval", run, "sampler.method=rti", "sampler.base=euler", "episodes=1"],
                          mentions: ["sampler.base", "euler", "ddpm or ddim"]),
            UserErrorCase(["eval", run, "sampler.every=16", "episodes=1"], mentions: ["sampler.every", "16"]),
            UserErrorCase(["eval", run, "sampler.renoise=true", "episodes=1"], mentions: ["sampler.renoise", "rti"]),
            UserErrorCase(["eval", run, "sampler.method=anchored", "episodes=1"], mentions: ["anchored", "policy.family"]),
            UserErrorCase(["render", run, "sampler.method=rti", "sampler.start=200"], mentions: ["sampler.start", "200"]),
            UserErrorCase(["eval", "\(run)/checkpoints/00000099"], mentions: ["00000099", "no such checkpoint"]),
            UserErrorCase(["eval", "garbage-model", "ema=false", "episodes=1"], mentions: ["garbage-model/checkpoints/00000010/model.safetensors"]),
            UserErrorCase(["eval", "garbage-ema", "episodes=1"], mentions: ["garbage-ema/checkpoints/00000010/ema.safetensors"]),
            UserErrorCase(["eval", "empty-ema", "episodes=1"], mentions: ["empty-ema/checkpoints/00000010/ema.safetensors"]),
            UserErrorCase(["render", "garbage-ema"], mentions: ["garbage-ema/checkpoints/00000010/ema.safetensors"]),
            UserErrorCase(["render", run, "--episodes", "0"], mentions: ["episodes", "at least 1", "0"]),
            UserErrorCase(["render", run, "--episodes", "-1"], mentions: ["episodes", "at least 1", "-1"]),
            UserErrorCase(["render", run, "sampler.method=foo"], mentions: ["'sampler.method=foo'"]),
            UserErrorCase(["train", run, "--resume"], mentions: ["run.json", "already completed"]),
            UserErrorCase(["steerability", run, "samples=1"], mentions: ["samples", "at least 2", "1"]),
            UserErrorCase(["steerability", run, "states=0"], mentions: ["states", "at least 1", "0"]),
            UserErrorCase(["steerability", run, "states=100000", "samples=100"], mentions: ["10000000 rollouts"]),
            UserErrorCase(["steerability", run, "sampler.method=ddpm"], mentions: ["sampler", "DDPM is stochastic"]),
            UserErrorCase(["steerability", run, "statez=3"], mentions: ["'statez=3'", "did you mean 'states'?"]),
            UserErrorCase(["steerability", "garbage-ema"], mentions: ["garbage-ema/checkpoints/00000010/ema.safetensors"]),
            UserErrorCase(["compare", run, "--output", "c.png"], mentions: ["c.png", "name a .svg file"]),
        ]
        #expect(workspace.exists("\(checkpoint)/ema.safetensors"))
        for error in cases {
            try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
        }
        #expect(!workspace.exists("\(run)/eval/00000010-rti-ddpm-k3-every1-1ep"))
        // RTI and DPM-Solver++ run from the command line; the folder names the sampler.
        let rti = try await workspace.run("eval", run, "episodes=1", "gifs=0", "threads=1",
                                          "sampler.method=rti", "sampler.every=1")
        #expect(rti.status == 0, "\(rti)")
        #expect(workspace.exists("\(run)/eval/00000010-rti-ddpm-k3-every1-1ep/summary.json"))
        let solver = try await workspace.run("eval", run, "episodes=1", "gifs=0", "threads=1",
                                             "sampler.method=dpmsolver", "sampler.steps=5")
        #expect(solver.status == 0, "\(solver)")
        #expect(workspace.exists("\(run)/eval/00000010-dpmsolver5-1ep/summary.json"))

        // compare: one group (the policy family), its table row and the plot.
        let compared = try await workspace.run("compare", run, run, "--output", "c.svg")
        try #require(compared.status == 0, "\(compared)")
        #expect(compared.stdout.contains("diffusion       2"), "\(compared.stdout)")
        let svg = try String(contentsOfFile: workspace.file("c.svg"), encoding: .utf8)
        #expect(svg.contains("diffusion: mean of 2 runs") && svg.contains("diffusion: each run"))

        // The success path: a table, and the per-state counts in steerability.json.
        let measured = try await workspace.run("steerability", run, "states=3", "samples=4", "threads=1")
        try #require(measured.status == 0, "\(measured)")
        #expect(measured.stdout.contains("best of 4"), "\(measured.stdout)")
        let file = "\(run)/eval/00000010-steerability-ddim4-4x3/steerability.json"
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.file(file))))
        let perState = try #require((json as? [String: Any])?["successesPerState"] as? [Int])
        #expect(perState.count == 3 && perState.allSatisfy { (0...4).contains($0) })
    }
}

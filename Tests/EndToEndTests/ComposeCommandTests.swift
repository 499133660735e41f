import Foundation
import Testing

/// `pushforward compose <file | run run ...> [k=v ...]`: a tiny composition end to end (a
/// diffusion and a flow policy on Reach), the composed run under eval, and what a user can
/// get wrong.
@Suite("pushforward compose")
struct ComposeCommandTests {
    static let errorsWithoutRuns: [UserErrorCase] = [
        UserErrorCase(["compose"], mentions: ["composition file", "two or more training runs"]),
        UserErrorCase(["compose", "Configs/quickstart.yaml"], mentions: ["Configs/quickstart.yaml", "a training configuration"]),
        UserErrorCase(["compose", "empty.yaml"], mentions: ["empty.yaml", "empty"]),
        UserErrorCase(["compose", "nosuch.yaml"], mentions: ["nosuch.yaml", "no such file"]),
        UserErrorCase(["compose", "emptydir", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["compose", "nosuch-run", "emptydir"], mentions: ["nosuch-run", "no such run folder"]),
        UserErrorCase(["compose", "Configs/pusht/compose.yaml", "repeats=0"], mentions: ["'repeats=0'", "at least 1"]),
        UserErrorCase(["compose", "Configs/pusht/compose.yaml", "weights=[0.5,1.5]"], mentions: ["'weights'", "1.5 is not in [0, 1]"]),
        UserErrorCase(["compose", "Configs/pusht/compose.yaml", "weightz=[0]"], mentions: ["'weightz=[0]'", "did you mean 'weights'?"]),
        UserErrorCase(["compose", "Configs/pusht/compose.yaml", "recipes=[]"], mentions: ["'parents'", "is empty"]),
        UserErrorCase(["compose", "Configs/pusht/compose.yaml", "recipes=[{config: Configs/quickstart.yaml}, {config: nosuch.yaml}]"],
                      mentions: ["nosuch.yaml", "no such file"]),
    ]

    @Test("user errors without parents: one line naming the cause, exit status 2, nothing written", arguments: errorsWithoutRuns)
    func userErrorsWithoutRuns(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeFolder("emptydir")
        try workspace.write("", to: "empty.yaml")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    @Test("a diffusion and a flow parent composed, searched, tested and evaluated again; mismatches refused")
    func composesTwoTinyParents() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copyFixture("tiny-reach.yaml")
        let tiny = ["demos.episodes=4", "train.steps=10", "train.dagger.rounds=0", "eval.episodes=1", "eval.gifs=0", "threads=1"]
        for family in [["policy.family=diffusion"], ["policy.family=flow", "eval.sampler.method=euler"]] {
            let train = try await workspace.run(["train", "tiny-reach.yaml"] + tiny + family)
            try #require(train.status == 0, "\(train)")
        }
        let runs = workspace.runFolders()
        try #require(runs.count == 2)
        let (diffusion, flow) = (runs.first { $0.contains("diffusion") }!, runs.first { $0.contains("flow") }!)

        let compose = try await workspace.run("compose", diffusion, flow, "weights=[0,0.5,1]", "validationEpisodes=2",
                                              "testEpisodes=2", "repeats=2", "heldOutDemos=2", "threads=1")
        try #require(compose.status == 0, "\(compose)")
        #expect(compose.stdout.contains("composed (ddim4)"))
        #expect(compose.stdout.contains("parent 2 alone (flow, euler4)"))
        #expect(compose.stdout.contains("pre-filter   held-out loss minimum at"))
        let run = try #require(workspace.runFolders().first { $0.contains("compose") })
        let report = try #require(try JSONSerialization.jsonObject(with: Data(workspace.read("\(run)/compose.json").utf8))
                                    as? [String: Any])
        #expect(report["candidates"] as? [[Double]] == [[0, 1], [0.5, 0.5], [1, 0]])
        let repeats = try #require(report["repeats"] as? [[String: Any]])
        #expect(repeats.count == 2)
        #expect(repeats.map { $0["testSeed"] as? Int } == [1_000_003, 1_000_004])
        #expect((repeats[0]["validation"] as? [Any])?.count == 3)
        #expect(workspace.exists("\(run)/plots/compose.svg"))
        #expect(try workspace.read("\(run)/config.yaml").contains(diffusion))

        // The composed policy is a policy like any other.
        let eval = try await workspace.run("eval", run, "episodes=2", "threads=1")
        #expect(eval.status == 0, "\(eval)")
        #expect(eval.stdout.contains("success"))

        try await workspace.expectUserError(["compose", diffusion], mentioning: ["a single parent", diffusion])
        try await workspace.expectUserError(["compose", diffusion, flow, "sampler.method=euler", "sampler.steps=4"],
                                            mentioning: ["parent 1 is a diffusion policy", "not with euler"])
        try await workspace.expectUserError(["compose", diffusion, flow, "weightVectors=[[0.5,0.6]]"],
                                            mentioning: ["'weightVectors.0'", "sum to 1.1"])
        try await workspace.expectUserError(["compose", diffusion, run], mentioning: [run, "a composition run"])
        // A sweep over compositions: each cell a composition run, collected from its test.
        try workspace.write("""
            parents: [\(diffusion), \(flow)]
            weights: [0, 1]
            validationEpisodes: 1
            testEpisodes: 2
            repeats: 1
            heldOutDemos: 0
            """, to: "compose.yaml")
        try workspace.write("""
            command: compose
            base: [compose.yaml]
            grid: {sampler.steps: [2, 4]}
            threads: 1
            metrics: [success_rate]
            executor: {local: {workers: 1}}
            """, to: "sweep.yaml")
        for step in ["plan", "run", "collect"] {
            let sweep = try await workspace.run("sweep", step, "sweep.yaml")
            try #require(sweep.status == 0, "\(sweep)")
        }
        let rows = try workspace.read("runs/sweeps/sweep/sweep.csv").split(separator: "\n").dropFirst()
        #expect(rows.count == 2 && rows.allSatisfy { $0.contains(",complete,") && $0.contains("_reach_compose_") }, "\(rows)")

        let longer = try await workspace.run(["train", "tiny-reach.yaml"] + tiny + ["policy.predictionHorizon=12"])
        try #require(longer.status == 0, "\(longer)")
        let other = try #require(workspace.runFolders().first { ![diffusion, flow, run].contains($0) })
        try await workspace.expectUserError(["compose", diffusion, other],
                                            mentioning: ["parent 2 differs from parent 1 in chunk length", "12 against 16", other])
    }
}

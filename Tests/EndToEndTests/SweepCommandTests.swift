import Foundation
import Testing

/// `pushforward sweep plan|run|run-one|collect`: a tiny local sweep end to end, restarts,
/// and what a user can get wrong.
@Suite("pushforward sweep")
struct SweepCommandTests {
    /// Four tiny Reach training cells (about a second each in a debug build).
    static let tinySweep = """
        command: train
        base: tiny-reach.yaml
        grid: {policy.width: [16, 32]}
        seeds: [0, 1]
        set: {demos.episodes: 4, train.steps: 10, train.dagger.rounds: 0, eval.episodes: 2, eval.gifs: 0}
        executor: {local: {workers: 2}}
        """

    static let head = "command: train\nbase: tiny-reach.yaml\n"

    static let errors: [UserErrorCase] = [
        UserErrorCase(["sweep", "plan", "missing.yaml"], mentions: ["missing.yaml: no such file"]),
        UserErrorCase(["sweep", "plan", "emptydir"], mentions: ["emptydir: is a folder"]),
        UserErrorCase(["sweep", "plan", "empty.yaml"], mentions: ["empty.yaml: the file is empty"]),
        UserErrorCase(["sweep", "plan", "typo.yaml"], mentions: ["typo.yaml:3", "policy.widht", "did you mean 'policy.width'?"]),
        UserErrorCase(["sweep", "plan", "type.yaml"], mentions: ["type.yaml:3", "policy.width=wide", "expected an integer"]),
        UserErrorCase(["sweep", "plan", "range.yaml"], mentions: ["range.yaml:3", "train.steps", "at least 1, got 0"]),
        UserErrorCase(["sweep", "plan", "emptygrid.yaml"], mentions: ["emptygrid.yaml:3", "the grid is empty"]),
        UserErrorCase(["sweep", "plan", "emptylist.yaml"], mentions: ["emptylist.yaml:3", "'grid.policy.width': the list is empty"]),
        UserErrorCase(["sweep", "plan", "duplicate.yaml"], mentions: ["duplicate.yaml:3", "duplicate cell", "16 twice"]),
        UserErrorCase(["sweep", "plan", "base.yaml"], mentions: ["base.yaml:2", "nothere.yaml: no such file"]),
        UserErrorCase(["sweep", "plan", "evalbase.yaml"], mentions: ["evalbase.yaml:2", "emptydir", "not a run folder"]),
        UserErrorCase(["sweep", "plan", "evalkey.yaml"], mentions: ["evalkey.yaml:3", "'episodez=3'", "did you mean 'episodes'?"]),
        UserErrorCase(["sweep", "run", "tiny.yaml", "--workers", "0"], mentions: ["--workers must be at least 1, got 0"]),
        UserErrorCase(["sweep", "run-one", "tiny.yaml", "--index", "0"], mentions: ["manifest.jsonl: no manifest", "sweep plan tiny.yaml"]),
        UserErrorCase(["sweep", "collect", "tiny.yaml"], mentions: ["manifest.jsonl: no manifest"]),
        UserErrorCase(["sweep", "run-one", "tiny.yaml"], mentions: ["--index"]),
        UserErrorCase(["eval", "emptydir", "--label", "a/b"], mentions: ["--label 'a/b'"]),
        UserErrorCase(["sweep", "plann", "tiny.yaml"], mentions: ["unknown sweep command 'plann'; did you mean 'plan'?"]),
        UserErrorCase(["sweep", "frob"], mentions: ["'frob'", "plan, run, run-one, collect"]),
    ]

    func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.copyFixture("tiny-reach.yaml")
        try workspace.makeFolder("emptydir")
        try workspace.write("\n", to: "empty.yaml")
        try workspace.write(Self.tinySweep, to: "tiny.yaml")
        try workspace.write(Self.head + "grid: {policy.widht: [16, 32]}\n", to: "typo.yaml")
        try workspace.write(Self.head + "grid: {policy.width: [16, wide]}\n", to: "type.yaml")
        try workspace.write(Self.head + "grid: {train.steps: [10, 0]}\n", to: "range.yaml")
        try workspace.write(Self.head + "grid: {}\n", to: "emptygrid.yaml")
        try workspace.write(Self.head + "grid: {policy.width: []}\n", to: "emptylist.yaml")
        try workspace.write(Self.head + "grid: {policy.width: [16, 32, 16]}\n", to: "duplicate.yaml")
        try workspace.write("command: train\nbase: [tiny-reach.yaml, nothere.yaml]\n", to: "base.yaml")
        try workspace.write("command: eval\nbase: emptydir\ngrid: {episodes: [2]}\n", to: "evalbase.yaml")
        return workspace
    }

    @Test("user errors: one line, exit status 2, nothing planned or started", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try workspace()
        defer { workspace.remove() }
        if error.arguments.contains("evalkey.yaml") {
            // An eval sweep over a real run needs one: the smallest.
            let train = try await workspace.run("train", "tiny-reach.yaml", "demos.episodes=4", "train.steps=10",
                                                "train.dagger.rounds=0", "eval.episodes=1", "eval.gifs=0", "threads=1")
            try #require(train.status == 0, "\(train)")
            let run = try #require(workspace.runFolders().first)
            try workspace.write("command: eval\nbase: \(run)\ngrid: {episodez: [3]}\n", to: "evalkey.yaml")
        }
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    @Test("a manifest planned from another sweep file is refused; --replan replaces it")
    func foreignManifest() async throws {
        let workspace = try workspace()
        defer { workspace.remove() }
        let plan = try await workspace.run("sweep", "plan", "tiny.yaml")
        #expect(plan.status == 0 && plan.stdout == "4 cells  runs/sweeps/tiny/manifest.jsonl\n", "\(plan)")
        try workspace.write(Self.tinySweep.replacingOccurrences(of: "[0, 1]", with: "[0, 1, 2]")
                            + "\nout: runs/sweeps/tiny\n", to: "other.yaml")
        for command in ["plan", "run", "run-one", "collect"] {
            let extra = command == "run-one" ? ["--index", "0"] : []
            let mention = command == "plan" || command == "run" ? "--replan" : "planned from another sweep file"
            try await workspace.expectUserError(["sweep", command, "other.yaml"] + extra,
                                                mentioning: ["runs/sweeps/tiny/manifest.jsonl", mention])
        }
        let replan = try await workspace.run("sweep", "plan", "other.yaml", "--replan")
        #expect(replan.status == 0 && replan.stdout.hasPrefix("6 cells"), "\(replan)")
        let index = try await workspace.run("sweep", "run-one", "other.yaml", "--index", "6")
        #expect(index.status == 2 && index.stderr == "error: --index 6: the sweep has cells 0 to 5\n", "\(index)")
    }

    /// The attempts recorded in a cell's log.
    func attempts(_ workspace: Workspace, _ cell: String) throws -> [String] {
        try workspace.read("runs/sweeps/tiny/cells/\(cell)/cell.log").split(separator: "\n")
            .filter { $0.hasPrefix("== ") && !$0.hasPrefix("== exit") }.map(String.init)
    }

    @Test("a local run with 2 workers; a rerun runs only the cell that lost its done marker, and resumes a killed one")
    func localRunAndRestart() async throws {
        let workspace = try workspace()
        defer { workspace.remove() }
        let first = try await workspace.run("sweep", "run", "tiny.yaml")
        try #require(first.status == 0, "\(first)")
        #expect(first.stdout.hasPrefix("4 cells: 4 run now, 0 done before, 0 failed  (2 workers x 1 threads"), "\(first)")
        #expect(first.stderr.contains("4/4 done, 0 running, 0 failed"), "\(first)")
        let cells = ["width-16_s0", "width-16_s1", "width-32_s0", "width-32_s1"]
        let manifest = try workspace.read("runs/sweeps/tiny/manifest.jsonl").split(separator: "\n")
        #expect(manifest.count == 4 && manifest[2].contains("\"name\":\"width-32_s0\""))
        let csv = try workspace.read("runs/sweeps/tiny/sweep.csv").split(separator: "\n")
        #expect(csv.count == 5 && csv.dropFirst().allSatisfy { $0.contains(",complete,") }, "\(csv)")
        #expect(try workspace.read("runs/sweeps/tiny/summary.md").contains("| `16` | 2 | "))
        #expect(workspace.exists("runs/sweeps/tiny/plots/success_rate_vs_policy.width.svg"))
        for cell in cells { #expect(try attempts(workspace, cell).count == 1) }

        // One cell loses its done marker: only it runs again, from scratch.
        try FileManager.default.removeItem(atPath: workspace.file("runs/sweeps/tiny/cells/width-32_s0/done.json"))
        // Another looks killed mid-run (the record still says running): it resumes.
        let killed = try #require(workspace.runFolders(root: "runs/sweeps/tiny/cells/width-16_s1").first)
        try FileManager.default.removeItem(atPath: workspace.file("runs/sweeps/tiny/cells/width-16_s1/done.json"))
        let record = try workspace.read("\(killed)/run.json").replacingOccurrences(of: "\"completed\"", with: "\"running\"")
        try workspace.write(record, to: "\(killed)/run.json")
        let second = try await workspace.run("sweep", "run", "tiny.yaml")
        try #require(second.status == 0, "\(second)")
        #expect(second.stdout.hasPrefix("4 cells: 2 run now, 2 done before, 0 failed"), "\(second)")
        #expect(try attempts(workspace, "width-16_s0").count == 1 && attempts(workspace, "width-32_s1").count == 1)
        #expect(try attempts(workspace, "width-32_s0").count == 2 && attempts(workspace, "width-32_s0")[1].contains("fresh start"))
        #expect(try attempts(workspace, "width-16_s1").last?.contains("resuming \(killed)") == true)
        #expect(workspace.runFolders(root: "runs/sweeps/tiny/cells/width-16_s1").count == 1)

        // Nothing left to do; collect lists a cell whose summary went missing.
        try FileManager.default.removeItem(atPath: workspace.file("runs/sweeps/tiny/cells/width-32_s1/done.json"))
        let collect = try await workspace.run("sweep", "collect", "tiny.yaml")
        #expect(collect.status == 0 && collect.stdout.contains("3 of 4 cells have results"), "\(collect)")
        #expect(collect.stdout.contains("missing      width-32_s1: not finished (running or killed); log runs/sweeps/tiny/cells/width-32_s1/cell.log"), "\(collect)")
    }
}

extension SweepCommandTests {
    @Test("an eval sweep labels each cell's evaluation in the run and collects it; a failing cell is listed, the others go on")
    func evalSweep() async throws {
        let workspace = try workspace()
        defer { workspace.remove() }
        let train = try await workspace.run("train", "tiny-reach.yaml", "demos.episodes=4", "train.steps=10",
                                            "train.dagger.rounds=0", "eval.episodes=1", "eval.gifs=0", "threads=1")
        try #require(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        try workspace.write("""
            command: eval
            base: \(run)
            grid: {sampler: [{method: ddim, steps: 2}, {method: euler, steps: 2}, {method: ddpm, steps: 100}]}
            set: {episodes: 2, gifs: 0}
            metrics: [success_rate, nfe_per_control_step]
            """, to: "evals.yaml")
        // Euler samples flow policies: that cell fails when it runs, the other two complete.
        let outcome = try await workspace.run("sweep", "run", "evals.yaml")
        #expect(outcome.status == 2, "\(outcome)")
        #expect(outcome.stdout.hasPrefix("3 cells: 2 run now, 0 done before, 1 failed"), "\(outcome)")
        #expect(outcome.stdout.contains("failed       sampler-euler-2  log runs/sweeps/evals/cells/sampler-euler-2/cell.log"), "\(outcome)")
        #expect(outcome.stderr.contains("failed: sampler-euler-2: exit status 2; log "), "\(outcome)")
        #expect(outcome.stderr.hasSuffix("error: 1 of 3 cells failed (logs above); run again to retry them\n"), "\(outcome)")
        #expect(try workspace.read("runs/sweeps/evals/cells/sampler-euler-2/cell.log").contains("error: "))
        let labelled = try FileManager.default.contentsOfDirectory(atPath: workspace.file("\(run)/eval"))
            .filter { $0.contains("-sweep-evals-sampler-") }.sorted()
        #expect(labelled.count == 2 && labelled[0].hasPrefix("00000010-sweep-evals-sampler-ddim-2-"), "\(labelled)")
        #expect(try workspace.read("runs/sweeps/evals/summary.md").contains("- `sampler-euler-2`: failed (exit status 2); log "))
        let csv = try workspace.read("runs/sweeps/evals/sweep.csv").split(separator: "\n")
        #expect(csv[0] == "index,name,state,sampler,seed,final_success_rate,best_success_rate,final_nfe_per_control_step,best_nfe_per_control_step,run,problem")
        // Chunks of 8 actions: NFE per control step is steps / 8 (DDPM: all 100 steps).
        #expect(csv[1].hasPrefix("0,sampler-ddim-2,complete,\"{method: ddim, steps: 2}\",,") && csv[1].contains(",0.25,0.25,"), "\(csv)")
        #expect(csv[2].hasPrefix("1,sampler-euler-2,failed,"), "\(csv)")
        #expect(csv[3].contains(",12.5,12.5,"), "\(csv)")
    }
}

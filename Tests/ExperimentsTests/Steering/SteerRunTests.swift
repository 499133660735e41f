import Foundation
import Testing
@testable import Experiments
@testable import Runs
@testable import Media
import Configuration

/// A tiny steering run on a tiny Reach base policy: files, evaluation of the steered run,
/// bad input, and a run killed after a checkpoint and resumed, which must end with the
/// same bytes.
@Suite(.serialized) struct SteerRunTests {
    static let base = """
    scene: reach
    seed: 3
    threads: 2
    demos: {episodes: 24}
    policy: {width: 32, blocks: 1, timeEmbedding: 8, timeHidden: 16, actionsRelativeTo: [0, 1]}
    train: {steps: 40, batchSize: 32, learningRate: 1.0e-3, warmupSteps: 5, checkpointEvery: 20, logEvery: 20}
    eval: {episodes: 4, periodicEpisodes: 4, batchSize: 2, gifs: 0, sampler: {method: ddim, steps: 4}}
    """

    static func steer(base run: String, method: String = "dsrl") -> String {
        """
        base: {run: \(run)}
        method: \(method)
        seed: 5
        threads: 2
        steer:
          steps: 1200
          batchSize: 4
          episodesPerRound: 1
          warmupSteps: 200
          updatesPerTransition: 1
          evalEvery: 0
          checkpointEvery: 400
          sac: {batchSize: 16, width: 16, hiddenLayers: 1}
        eval: {episodes: 4, periodicEpisodes: 2, batchSize: 2, gifs: 1}
        """
    }

    func baseRun(_ temp: TemporaryFolder) throws -> String {
        try TrainRun.start(yaml: Self.base, name: "base.yaml", overrides: [], runsRoot: temp.file("base")) { _ in }.run.path
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test("a flow base steers the same way: its Euler sampler turns the agent's noise into the chunk",
          arguments: ["dsrl", "dsrl-na"])
    func flowBase(method: String) throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let flow = try TrainRun.start(yaml: Self.base, name: "base.yaml",
                                      overrides: ["policy.family=flow", "policy.prediction=sample",
                                                  "eval.sampler.method=euler", "eval.sampler.steps=4"],
                                      runsRoot: temp.file("base")) { _ in }.run.path
        let result = try SteerRun.start(yaml: Self.steer(base: flow, method: method), name: "steer.yaml",
                                        overrides: ["steer.steps=600"], runsRoot: temp.file("runs")) { _ in }
        #expect(result.environmentSteps >= 600)
        #expect(result.summary.sampler == "euler4")
        let evaluation = try EvalRun.run(result.run.path, overrides: ["episodes=2", "gifs=0"]) { _, _ in }
        #expect(evaluation.summary.episodes == 2 && evaluation.summary.sampler == "euler4")
    }

    @Test(arguments: ["dsrl", "dsrl-na", "residual"])
    func tinySteeringRunWritesItsFilesAndEvaluates(method: String) throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let result = try SteerRun.start(yaml: Self.steer(base: try baseRun(temp), method: method), name: "steer.yaml",
                                        overrides: [], runsRoot: temp.file("runs")) { _ in }
        #expect(result.environmentSteps >= 1200)
        #expect(result.summary.episodes == 4)
        #expect(try result.run.readRecord().status == .completed)
        let latest = try #require(try result.run.checkpoints.latest())
        for file in ["agent", "replay"] {
            #expect(FileManager.default.fileExists(atPath: result.run.checkpoints.path(step: latest) + "/\(file).safetensors"))
        }
        let steerLog = try String(contentsOfFile: result.run.path + "/metrics/steer.jsonl", encoding: .utf8)
        #expect(steerLog.contains("\"gradient_steps\""))
        // The learning curve: one point per round of training episodes.
        let curve = try #require(try RunPlots.steeringReturn(run: result.run))
        #expect(curve.series.first?.points.count == steerLog.split(separator: "\n").count)
        #expect(FileManager.default.fileExists(atPath: result.run.path + "/plots/steer_return.svg"))
        // The steered run evaluates like any policy run.
        let evaluation = try EvalRun.run(result.run.path, overrides: ["episodes=3", "gifs=0"]) { _, _ in }
        #expect(evaluation.summary.episodes == 3)
    }

    /// With `latentSteps` the agent acts with `k * D` numbers (DSRL-NA's base-action map
    /// expands them too), and the run reads back as a policy of the same shape.
    @Test func fewerLatentStepsSteerAndEvaluate() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let result = try SteerRun.start(yaml: Self.steer(base: try baseRun(temp), method: "dsrl-na"), name: "steer.yaml",
                                        overrides: ["steer.latentSteps=2", "steer.steps=600"], runsRoot: temp.file("runs")) { _ in }
        let steered = try SteeredPolicy(run: result.run, configText: try result.run.readConfig(), step: nil)
        #expect(steered.agent.actionSize == 2 * steered.base.policy.actionSize)
        #expect(steered.agent.latent?.steps == 2)
        let evaluation = try EvalRun.run(result.run.path, overrides: ["episodes=2", "gifs=0"]) { _, _ in }
        #expect(evaluation.summary.episodes == 2)
    }

    @Test func badInputIsOneLineAndWritesNothing() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let base = try baseRun(temp)
        let runs = temp.file("runs")
        func message(_ overrides: [String]) -> String {
            do {
                _ = try SteerRun.start(yaml: Self.steer(base: base), name: "steer.yaml", overrides: overrides, runsRoot: runs) { _ in }
                return "no error"
            } catch let error as ConfigError {
                return error.description
            } catch {
                return String(describing: error)
            }
        }
        #expect(message(["steer.sac.actionBound=0"]).contains("steer.sac.actionBound"))
        #expect(message(["base.sampler.method=ddpm"]).contains("ddpm"))
        #expect(message(["base.run=\(temp.path)"]).contains(temp.path))
        #expect(message(["steer.latentSteps=17"]).contains("key 'steer.latentSteps': must be at most the base policy's prediction horizon 16, got 17"))
        #expect(message(["steer.latentSteps=0"]).contains("at least 1"))
        #expect(message(["method=residual", "steer.latentSteps=2"]).contains("residual RL acts on actions"))
        #expect(message(["steer.shaping=-1"]).contains("key 'steer.shaping': must be 0 or more, got -1.0"))
        #expect(!FileManager.default.fileExists(atPath: runs))
    }

    @Test(arguments: ["dsrl", "dsrl-na"])
    func killedAndResumedSteeringRunEndsBitIdentical(method: String) throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let straight = try SteerRun.start(yaml: Self.steer(base: try baseRun(temp), method: method), name: "steer.yaml", overrides: [],
                                          runsRoot: temp.file("a")) { _ in }
        let steps = try straight.run.checkpoints.steps()
        #expect(steps.count >= 3)
        // Killed after its first checkpoint: later ones never happened, run.json says running.
        let killed = temp.file("b")
        try FileManager.default.copyItem(atPath: straight.run.path, toPath: killed)
        let killedRun = try RunFolder.open(killed)
        for step in steps.dropFirst() { try FileManager.default.removeItem(atPath: killedRun.checkpoints.path(step: step)) }
        try "\(steps[0])\n".write(toFile: killedRun.checkpoints.latestPath, atomically: true, encoding: .utf8)
        var record = try killedRun.readRecord()
        record.status = .running
        try killedRun.writeRecord(record)

        let resumed = try SteerRun.resume(runPath: killed) { _ in }
        #expect(resumed.environmentSteps == straight.environmentSteps)
        for file in ["agent", "replay"] {
            let a = try bytes(straight.run.checkpoints.path(step: steps.last!) + "/\(file).safetensors")
            let b = try bytes(resumed.run.checkpoints.path(step: steps.last!) + "/\(file).safetensors")
            #expect(a == b, "\(file).safetensors differs after resuming")
        }
        // The learning log agrees row for row, timings aside.
        func rows(_ run: RunFolder) throws -> [[String: MetricValue]] {
            try MetricsLog.read(.steer, of: run).map { row in
                Dictionary(uniqueKeysWithValues: row.fields.filter { !$0.key.hasSuffix("_per_s") }.map { ($0.key, $0.value) })
            }
        }
        let (a, b) = (try rows(resumed.run), try rows(straight.run))
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x != y { Issue.record("row differs: \(x) vs \(y)") }
        #expect(resumed.summary.successes == straight.summary.successes)
    }
}

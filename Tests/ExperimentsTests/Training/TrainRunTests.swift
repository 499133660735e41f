import Foundation
import Testing
@testable import Experiments
@testable import Runs

/// A tiny Reach run end to end (demos, behaviour cloning, DAgger, evaluation, files), and
/// a run killed after a checkpoint and resumed, which must end with the same bytes.
@Suite(.serialized) struct TrainRunTests {
    static let tiny = """
    scene: reach
    seed: 3
    threads: 2
    demos: {episodes: 24}
    policy: {width: 32, blocks: 1, timeEmbedding: 8, timeHidden: 16, actionsRelativeTo: [0, 1]}
    train:
      steps: 60
      batchSize: 32
      learningRate: 1.0e-3
      warmupSteps: 5
      checkpointEvery: 20
      logEvery: 20
      dagger: {rounds: DAGGER, episodes: 4, stepsPerRound: 20}
    eval: {episodes: 6, periodicEpisodes: 4, batchSize: 3, gifs: 1, sampler: {method: ddim, steps: 4}}
    """

    func config(daggerRounds: Int) -> String { Self.tiny.replacingOccurrences(of: "DAGGER", with: "\(daggerRounds)") }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func tinyConfigTrainsAndEvaluatesEndToEnd() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let result = try TrainRun.start(yaml: config(daggerRounds: 1), name: "tiny.yaml", overrides: [],
                                        runsRoot: temp.path) { _ in }
        #expect(result.step == 80)
        #expect(result.outcome.episodes.count == 6)
        #expect(try result.run.readRecord().status == .completed)
        #expect(try result.run.checkpoints.latest() == 80)
        for file in ["model", "ema", "optimizer"] {
            #expect(FileManager.default.fileExists(atPath: result.run.checkpoints.path(step: 80) + "/\(file).safetensors"))
        }
        #expect(FileManager.default.fileExists(atPath: result.summaryPath))
        #expect(result.gifs.count == 1)
        let trainLog = try String(contentsOfFile: result.run.path + "/metrics/train.jsonl", encoding: .utf8)
        #expect(trainLog.split(separator: "\n").count == 4)

        // `eval` on the finished run: an override of the steps keeps the run's method.
        let evaluation = try EvalRun.run(result.run.path, overrides: ["episodes=3", "sampler.steps=2", "gifs=0"]) { _, _ in }
        #expect(evaluation.summary.episodes == 3)
        #expect(evaluation.folder.hasSuffix("ddim2-3ep"))
    }

    @Test func killedAndResumedRunEndsBitIdentical() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let straight = try TrainRun.start(yaml: config(daggerRounds: 0), name: "tiny.yaml", overrides: [],
                                          runsRoot: temp.file("a")) { _ in }
        // The same run, killed after its step-20 checkpoint: later checkpoints never
        // happened and run.json still says running.
        let killed = temp.file("b")
        try FileManager.default.copyItem(atPath: straight.run.path, toPath: killed)
        let killedRun = try RunFolder.open(killed)
        for step in [40, 60] { try FileManager.default.removeItem(atPath: killedRun.checkpoints.path(step: step)) }
        try "20\n".write(toFile: killedRun.checkpoints.latestPath, atomically: true, encoding: .utf8)
        var record = try killedRun.readRecord()
        record.status = .running
        try killedRun.writeRecord(record)

        let resumed = try TrainRun.resume(runPath: killed) { _ in }
        #expect(resumed.step == 60)
        for file in ["model", "ema", "optimizer"] {
            let a = try bytes(straight.run.checkpoints.path(step: 60) + "/\(file).safetensors")
            let b = try bytes(resumed.run.checkpoints.path(step: 60) + "/\(file).safetensors")
            #expect(a == b, "\(file).safetensors differs after resuming")
        }
        #expect(resumed.outcome.episodes.map(\.success) == straight.outcome.episodes.map(\.success))
        // The training log holds every logged step once, as in the uninterrupted run.
        func steps(_ run: RunFolder) throws -> [Int] { try MetricsLog.read(.train, of: run).compactMap(\.step) }
        #expect(try steps(resumed.run) == steps(straight.run))
    }
}

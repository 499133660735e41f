import Testing
import Foundation
@testable import Runs

@Suite("Evaluation files")
struct EvaluationFilesTests {
    private func makeRun(_ temp: TemporaryFolder) throws -> RunFolder {
        try RunFolder.create(task: "reach", policy: "flow", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
    }

    private let records = [
        EpisodeRecord(index: 0, seed: 100, success: true, length: 40, maxCoverage: 0.96, finalCoverage: 0.95, mode: "elbow-up,left"),
        EpisodeRecord(index: 1, seed: 101, success: false, length: 300, maxCoverage: 0.5, finalCoverage: 0.25, mode: "say \"hi\""),
        EpisodeRecord(index: 2, seed: 102, success: true, length: 50, maxCoverage: 1, finalCoverage: 0.95, mode: "elbow-up,left"),
    ]

    @Test("a summary from episode records: counts, Wilson interval, means, seeds range, modes")
    func summaryFromRecords() {
        let summary = EvaluationSummary(records: records, sampler: "ddim-10", checkpointStep: 5000,
                                        nfePerControlStep: 1.25, seconds: 2)
        #expect(summary.episodes == 3 && summary.successes == 2)
        let interval = WilsonInterval(successes: 2, trials: 3)
        #expect(summary.successRate == interval.rate && summary.wilsonLow == interval.lower && summary.wilsonHigh == interval.upper)
        #expect(summary.meanLength == 130)
        #expect(abs(summary.meanMaxCoverage! - 0.82) < 1e-12)
        #expect(summary.episodesPerSecond == 1.5)
        #expect(summary.seeds == .range(first: 100, count: 3))
        #expect(summary.modes == ["elbow-up,left": 2, "say \"hi\"": 1])
        #expect(summary.successModes == ["elbow-up,left": 2])
        #expect(EvaluationSummary.Seeds([3, 9]) == .list([3, 9]))
        let noCoverage = EvaluationSummary(records: [EpisodeRecord(index: 0, seed: 1, success: false, length: 5)],
                                           sampler: "rti", checkpointStep: 0, nfePerControlStep: 1, seconds: 0)
        #expect(noCoverage.meanMaxCoverage == nil && noCoverage.modes == nil && noCoverage.successModes == nil
                && noCoverage.episodesPerSecond == 0)
    }

    @Test("summary.json round trips with snake_case keys")
    func summaryJSON() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let folder = try makeRun(temp).evaluation(step: 5000)
        var summary = EvaluationSummary(records: records, sampler: "ddim-10", checkpointStep: 5000,
                                        nfePerControlStep: 10, seconds: 1, extras: ["mean_reward": 0.5])
        try folder.writeSummary(summary)
        #expect(folder.summaryPath.hasSuffix("/eval/00005000/summary.json"))
        #expect(try folder.readSummary() == summary)
        let text = try String(contentsOfFile: folder.summaryPath, encoding: .utf8)
        for key in ["episodes", "successes", "success_rate", "wilson_low", "wilson_high", "mean_max_coverage",
                    "mean_final_coverage", "mean_length", "nfe_per_control_step", "episodes_per_second",
                    "seeds", "sampler", "checkpoint_step", "extras", "modes", "success_modes"] {
            #expect(text.contains("\"\(key)\" :"), "missing \(key)")
        }
        #expect(text.contains("\"first\" : 100"))
        summary.seeds = .list([7, 3])
        summary.meanMaxCoverage = nil
        try folder.writeSummary(summary)
        #expect(try folder.readSummary() == summary)
        #expect(!(try String(contentsOfFile: folder.summaryPath, encoding: .utf8)).contains("mean_max_coverage"))
    }

    @Test("a corrupt summary.json is one line naming the file and key")
    func corruptSummary() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let folder = try makeRun(temp).evaluation(step: 1)
        #expect(throws: RunError(path: folder.summaryPath, reason: "no such file")) { try folder.readSummary() }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        try "{\"episodes\": \"ten\"}".write(toFile: folder.summaryPath, atomically: true, encoding: .utf8)
        let error = #expect(throws: RunError.self) { try folder.readSummary() }
        #expect(error?.description.hasPrefix(folder.summaryPath + ": key 'episodes':") == true)
        #expect(error?.description.contains("\n") == false)
        try "{\"episodes\": 10}".write(toFile: folder.summaryPath, atomically: true, encoding: .utf8)
        #expect(throws: RunError(path: folder.summaryPath, reason: "missing key 'successes'")) { try folder.readSummary() }
    }

    @Test("episodes.csv: header, one row per episode, quoted modes")
    func episodesCSV() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let folder = run.evaluation(step: 5000)
        try folder.writeEpisodes(records + [EpisodeRecord(index: 3, seed: 103, success: false, length: 7)])
        #expect(try String(contentsOfFile: folder.episodesPath, encoding: .utf8) == #"""
            index,seed,success,length,max_coverage,final_coverage,mode
            0,100,true,40,0.96,0.95,"elbow-up,left"
            1,101,false,300,0.5,0.25,"say ""hi"""
            2,102,true,50,1.0,0.95,"elbow-up,left"
            3,103,false,7,,,

            """#)
        #expect(try run.evaluatedSteps() == [5000])
    }

    @Test("GIFs go to videos/ep<index>_<success|failure>.gif")
    func videoNames() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let folder = try makeRun(temp).evaluation(step: 20)
        let path = try folder.videoPath(index: 4, success: false)
        #expect(path == folder.path + "/videos/ep4_failure.gif")
        #expect(RunFiles.isFolder(folder.videosPath))
        #expect(try folder.videoPath(index: 0, success: true).hasSuffix("/eval/00000020/videos/ep0_success.gif"))
    }

    @Test("a new episodes.csv removes the GIFs of an earlier evaluation in the same folder")
    func staleVideosRemoved() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let folder = try makeRun(temp).evaluation(step: 20)
        try folder.writeEpisodes(records)
        for (index, record) in records.enumerated() {
            try Data("GIF89a".utf8).write(to: URL(fileURLWithPath: try folder.videoPath(index: index, success: record.success)))
        }
        try folder.writeEpisodes(Array(records.prefix(1)))
        #expect(!RunFiles.exists(folder.videosPath))
        let path = try folder.videoPath(index: 0, success: true)
        try Data("GIF89a".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try RunFiles.contents(of: folder.videosPath) == ["ep0_success.gif"])
    }

    @Test("CSV quoting follows RFC 4180")
    func quoting() {
        #expect(CSVTable.field("plain") == "plain")
        #expect(CSVTable.field("a,b") == "\"a,b\"")
        #expect(CSVTable.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSVTable.field(" pad") == "\" pad\"")
        #expect(CSVTable.number(.nan) == "nan" && CSVTable.number(nil) == "")
    }
}

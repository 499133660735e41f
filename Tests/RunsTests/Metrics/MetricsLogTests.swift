import Testing
import Foundation
@testable import Runs

@Suite("Metrics logs (JSONL)")
struct MetricsLogTests {
    private func makeRun(_ temp: TemporaryFolder) throws -> RunFolder {
        try RunFolder.create(task: "pusht", policy: "flow", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
    }

    @Test("writes one object per line in insertion order; integers stay integers")
    func format() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let run = try makeRun(temp)
        let log = try MetricsLog(run: run, .train)
        try log.append(["step": 100, "loss": 0.25, "lr": 1e-4, "ok": true, "phase": "warm\"up\n", "whole": 2.0])
        try log.append(["step": 200, "loss": Double.nan, "grad": -Double.infinity])
        let text = try String(contentsOfFile: run.path + "/metrics/train.jsonl", encoding: .utf8)
        #expect(text == """
            {"step":100,"loss":0.25,"lr":0.0001,"ok":true,"phase":"warm\\"up\\n","whole":2.0}
            {"step":200,"loss":"NaN","grad":"-Infinity"}

            """)
        let rows = try MetricsLog.read(.train, of: run)
        #expect(rows.count == 2)
        #expect(rows[0] == ["step": 100, "loss": 0.25, "lr": 1e-4, "ok": true, "phase": "warm\"up\n", "whole": 2.0])
        #expect(rows[0].keys == ["step", "loss", "lr", "ok", "phase", "whole"])
        #expect(rows[0]["step"] == .int(100))
        #expect(rows[0]["whole"] == .double(2))
        #expect(rows[1].number("loss")?.isNaN == true)
        #expect(rows[1].number("grad") == -.infinity)
    }

    @Test("each line is on disk as soon as append returns")
    func flushed() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let log = try MetricsLog(path: temp.file("eval.jsonl"))
        try log.append(["step": 1])
        // A second reader, with the log still open, as after a kill -9.
        #expect(try MetricsLog.read(temp.file("eval.jsonl")) == [["step": 1]])
        log.close()
        #expect(throws: RunError.self) { try log.append(["step": 2]) }
    }

    @Test("a partial last line from a crash is ignored on read and cut off on reopen")
    func partialLine() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let path = temp.file("train.jsonl")
        try "{\"step\":1,\"loss\":0.5}\n\n{\"step\":2,\"loss\":0.4}\n{\"step\":3,\"lo".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try MetricsLog.read(path).map(\.step) == [1, 2])
        let log = try MetricsLog(path: path)
        try log.append(["step": 3, "loss": 0.3])
        log.close()
        #expect(try temp.read("train.jsonl") == "{\"step\":1,\"loss\":0.5}\n\n{\"step\":2,\"loss\":0.4}\n{\"step\":3,\"loss\":0.3}\n")
    }

    @Test("a corrupt complete line is one error naming file and line")
    func corruptLine() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let path = temp.file("train.jsonl")
        try "{\"step\":1}\n{\"step\":[2]}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: RunError(path: path + ":2", reason: "not a metrics row: nested objects and arrays are not metrics")) {
            try MetricsLog.read(path)
        }
    }

    @Test("reads flat JSON written by other tools")
    func foreignJSON() throws {
        let row = try MetricsRow(jsonLine: #" { "step" : 7 , "x": -1.5E3, "big": 12345678901234567890, "s": "\u00e9\ud83d\ude00\/", "n": null } "#)
        #expect(row.keys == ["step", "x", "big", "s"])
        #expect(row["x"] == .double(-1500))
        #expect(row["big"] == .double(1.2345678901234567e19))
        #expect(row["s"] == .string("é😀/"))
        #expect(try MetricsRow(jsonLine: "{}") == MetricsRow())
        #expect(throws: MetricsLineError.self) { try MetricsRow(jsonLine: "{\"a\":1} x") }
        #expect(throws: MetricsLineError.self) { try MetricsRow(jsonLine: "{\"a\":+1}") }
        #expect(throws: MetricsLineError.self) { try MetricsRow(jsonLine: "[1]") }
    }

    @Test("truncating for --resume keeps rows with step <= S, byte for byte")
    func truncateForResume() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        let path = temp.file("train.jsonl")
        let log = try MetricsLog(path: path)
        for step in stride(from: 100, through: 500, by: 100) { try log.append(["step": step, "loss": 1.0 / Double(step)]) }
        try log.append(["note": "no step"])
        log.close()
        #expect(try MetricsLog.truncate(path, throughStep: 300) == 4)
        #expect(try MetricsLog.read(path).map { $0.step } == [100, 200, 300, nil])
        // The resumed run appends after the kept rows.
        let resumed = try MetricsLog(path: path)
        try resumed.append(["step": 400, "loss": 0.0025])
        resumed.close()
        #expect(try MetricsLog.read(path).compactMap(\.step) == [100, 200, 300, 400])
        #expect(try MetricsLog.truncate(temp.file("missing.jsonl"), throughStep: 1) == 0)
    }

    @Test("a run without a log reads as no rows")
    func missingLog() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        #expect(try MetricsLog.read(.eval, of: makeRun(temp)).isEmpty)
        #expect(throws: RunError(path: temp.file("x.jsonl"), reason: "no such file")) { try MetricsLog.read(temp.file("x.jsonl")) }
    }

    @Test("Float values log in their short decimal form")
    func floats() {
        let loss: Float = 0.1
        let row: MetricsRow = ["loss": loss]
        #expect(row.jsonLine == #"{"loss":0.1}"#)
    }

    @Test("rows keep insertion order; setting a key replaces it in place")
    func rowOrder() {
        var row: MetricsRow = ["b": 1, "a": 2]
        row["b"] = 3
        row["c"] = "x"
        row["a"] = nil
        #expect(row.keys == ["b", "c"])
        #expect(row.jsonLine == #"{"b":3,"c":"x"}"#)
    }
}

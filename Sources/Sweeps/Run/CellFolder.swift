import Configuration
import Foundation
import Runs

/// The files of one cell's folder:
///
///     cell.log     the output of every attempt, each after a header line
///     done.json    written atomically once the command succeeded: the cell is complete
///     failed.json  the exit status of the last failed attempt (removed by the next one)
///     <date>/...   the run folder of a train or steer cell (the cell folder is its runs root)
public struct CellFolder: Sendable {
    public let cell: SweepCell

    public init(_ cell: SweepCell) { self.cell = cell }

    public var logPath: String { RunFiles.join(cell.folder, "cell.log") }
    var donePath: String { RunFiles.join(cell.folder, "done.json") }
    var failedPath: String { RunFiles.join(cell.folder, "failed.json") }

    /// What `done.json` records.
    public struct Done: Codable, Sendable {
        /// The command that completed; a cell whose planned command differs is not done.
        public var command: [String]
        /// The run folder the cell wrote (train, steer) or evaluated (eval).
        public var run: String
        /// The evaluation summary of an eval cell.
        public var summary: String?
        public var seconds: Double
        public var finished: String
    }

    /// The completion record, if the cell completed with its planned command.
    public func done() -> Done? {
        guard let data = FileManager.default.contents(atPath: donePath),
              let done = try? JSONDecoder().decode(Done.self, from: data), done.command == cell.command else { return nil }
        return done
    }

    /// The exit status of the last failed attempt, if it failed.
    public func failedStatus() -> Int32? {
        guard let data = FileManager.default.contents(atPath: failedPath),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return (object["status"] as? NSNumber)?.int32Value
    }

    func markDone(_ done: Done) throws(SweepError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(done) else { throw SweepError("\(donePath): cannot encode") }
        do {
            try RunFiles.createFolder(cell.folder)
            if RunFiles.exists(failedPath) { try RunFiles.remove(failedPath) }
            try RunFiles.writeAtomically(String(decoding: data, as: UTF8.self) + "\n", to: donePath)
        } catch {
            throw SweepError(error)
        }
    }

    func markFailed(status: Int32) throws(SweepError) {
        do {
            try RunFiles.writeAtomically("{\"status\": \(status), \"log\": \"\(logPath)\"}\n", to: failedPath)
        } catch {
            throw SweepError(error)
        }
    }

    /// Removes everything but the log: the start of a fresh attempt.
    func clean() throws(SweepError) {
        do {
            try RunFiles.createFolder(cell.folder)
            for name in try RunFiles.contents(of: cell.folder) where name != "cell.log" && name != "lock" {
                try RunFiles.remove(RunFiles.join(cell.folder, name))
            }
        } catch {
            throw SweepError(error)
        }
    }

    /// The run folders the cell's command created, oldest first.
    func runs() -> [RunFolder] {
        (try? RunFolder.all(under: cell.folder)) ?? []
    }

    /// The cell's own run: a steer cell's steering run (its config names a `method`), not
    /// the base it may have trained first in the same folder (names within one second do
    /// not sort by time); a compose cell's composition run (its config lists `parents`);
    /// a train cell's only run.
    func mainRun(_ kind: SweepFile.Command) -> RunFolder? {
        let runs = runs()
        switch kind {
        case .steer:
            return runs.last { ConfigDocument.topLevelString("method", inYAML: (try? $0.readConfig()) ?? "") != nil }
        case .compose:
            return runs.last { ConfigDocument.topLevelValue("parents", inYAML: (try? $0.readConfig()) ?? "") }
        case .train, .eval:
            return runs.last
        }
    }
}

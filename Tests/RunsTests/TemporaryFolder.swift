import Foundation
@testable import Runs

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "pushforward-runs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: file(name), encoding: .utf8)
    }
}

/// A fixed instant: 2025-03-04 05:06:07 UTC.
let fixedDate = Date(timeIntervalSince1970: 1_741_064_767)
let utc = TimeZone(identifier: "UTC")!

/// A clock the test advances by hand.
final class ManualClock: @unchecked Sendable {
    // Tests are single-threaded; the lock only keeps the type honest for `@Sendable` closures.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = fixedDate) { current = start }

    func advance(_ seconds: Double) { lock.withLock { current += seconds } }

    var now: @Sendable () -> Date { { [self] in lock.withLock { current } } }
}

/// A run folder created at `fixedDate` in `temp`, with a one-line config written.
func configuredRun(in temp: TemporaryFolder, task: String = "pusht") throws -> RunFolder {
    let run = try RunFolder.create(task: task, policy: "diffusion", seed: 0, root: temp.path, now: fixedDate, timeZone: utc)
    try run.writeConfig("a: 1\n")
    return run
}

import Foundation
import Synchronization

/// The built `pushforward` executable, run as a subprocess the way a user runs it.
///
/// SwiftPM builds it before the tests (the test target depends on the executable
/// target) into the products directory, next to the test bundle.
enum Pushforward {
    /// What a command did: its exit status and everything it printed.
    struct Outcome: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The command was stopped by the watchdog (`run(_:in:limit:)`).
        var stopped = false

        /// The non-empty lines of stderr.
        var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        }

        var description: String {
            "exit status \(status)\(stopped ? " (stopped by the watchdog)" : "")\n--- stdout:\n\(stdout)\n--- stderr:\n\(stderr)"
        }
    }

    /// `pushforward` in the products directory.
    static let binary: URL = {
        var folders: [URL] = []
        // macOS: the `.xctest` bundle sits in the products directory.
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        // Linux: the test runner is itself an executable in the products directory.
        folders.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        folders.append(Bundle.main.bundleURL)
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        for folder in folders {
            let candidate = folder.appendingPathComponent("pushforward")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        // Tests that use it fail with the places searched in the message.
        return URL(fileURLWithPath: "/pushforward-not-found-in:" + folders.map(\.path).joined(separator: ":"))
    }()

    /// Commands running at once: enough to overlap, few enough for 2 cores and their memory.
    static let slots = Slots(4)

    /// Runs `pushforward arguments...` with `directory` as working directory and no
    /// input; returns when it has exited. A command still running after `limit`
    /// seconds is killed (a guard against a product bug hanging the suite, not a
    /// timing check) and its outcome says so.
    static func run(_ arguments: [String], in directory: URL, limit: Double,
                    environment: [String: String]? = nil) async throws -> Outcome {
        await slots.acquire()
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Outcome, any Error>, Never>) in
            // Blocking reads and waits get threads of their own: not the test runner's,
            // and not libdispatch's, whose pool is as small as the machine.
            Thread.detachNewThread {
                continuation.resume(returning: Result {
                    try runBlocking(arguments, in: directory, limit: limit, environment: environment)
                })
            }
        }
        await slots.release()
        return try outcome.get()
    }

    private static func runBlocking(_ arguments: [String], in directory: URL, limit: Double,
                                    environment: [String: String]?) throws -> Outcome {
        let process = Process()
        if let environment { process.environment = environment }
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let exited = DispatchSemaphore(value: 0)
        let stopped = Mutex(false)
        // SIGKILL: a child can inherit a mask that blocks SIGTERM from its spawning thread.
        Thread.detachNewThread {
            if exited.wait(timeout: .now() + limit) == .timedOut {
                stopped.withLock { $0 = true }
                kill(process.processIdentifier, SIGKILL)
            }
        }
        // Both pipes drain at once, so neither side can fill up and block.
        let errorData = Mutex(Data())
        let errorRead = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errorData.withLock { $0 = data }
            errorRead.signal()
        }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        exited.signal()
        return Outcome(status: process.terminationStatus,
                       stdout: String(decoding: outputData, as: UTF8.self),
                       stderr: String(decoding: errorData.withLock { $0 }, as: UTF8.self),
                       stopped: stopped.withLock { $0 })
    }
}

/// A counting semaphore for async code: at most `count` holders at once, first come
/// first served.
actor Slots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

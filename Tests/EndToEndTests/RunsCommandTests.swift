import Foundation
import NeuralNet
import Testing

/// `pushforward runs [folder]`, and the lock that keeps two processes out of one run folder.
@Suite("pushforward runs")
struct RunsCommandTests {
    static let errors: [UserErrorCase] = [
        UserErrorCase(["runs"], mentions: ["runs: no such folder"]),
        UserErrorCase(["runs", "nosuch"], mentions: ["nosuch: no such folder"]),
        UserErrorCase(["runs", "tiny-reach.yaml"], mentions: ["tiny-reach.yaml: not a folder"]),
        UserErrorCase(["runs", "a", "b"], mentions: ["'b'"]),
    ]

    @Test("user errors: one line naming the cause, exit status 2", arguments: errors)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try workspace.copyFixture("tiny-reach.yaml")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }

    @Test("lists runs oldest first with kind, task, status, final success and size; a dead 'running' run reads killed")
    func listing() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try workspace.copyFixture("tiny-reach.yaml")
        let empty = try workspace.makeFolder("empty")
        let none = try await workspace.run("runs", empty)
        #expect(none.status == 0 && none.stdout == "no run folders under \(empty)\n", "\(none)")

        let train = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0")
        #expect(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(workspace.read("\(run)/run.json").utf8)) as? [String: Any])
        let recorded = try #require(record["size_bytes"] as? Int)
        #expect(recorded > 100_000, "the checkpoints alone are larger: \(record)")
        let notes = try #require(record["notes"] as? [String: String])
        let success = try #require(notes["final_success_rate"].flatMap(Double.init))
        // The executable restarts itself when OpenBLAS fell back to generic kernels: the
        // run trains on kernels as wide as this CPU allows (unless the user chose them
        // with OPENBLAS_CORETYPE), and says which.
        let kernels = try #require(notes["blas_kernels"])
        if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil {
            #expect(BLASKernels.betterCoreType(current: kernels, cpu: .host) == nil, "trained on \(kernels)")
        }

        // A second run in a sweep cell's folder, left as a kill leaves it: status running, no process.
        _ = try workspace.write("", to: "runs/sweeps/s/cells/c0/cell.log")
        let cellTrain = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0",
                                                "--runs", "runs/sweeps/s/cells/c0")
        #expect(cellTrain.status == 0, "\(cellTrain)")
        let cellRun = try #require(workspace.runFolders(root: "runs/sweeps/s/cells/c0").first)
        let json = try workspace.read("\(cellRun)/run.json").replacingOccurrences(of: "\"completed\"", with: "\"running\"")
        _ = try workspace.write(json, to: "\(cellRun)/run.json")

        let listing = try await workspace.run("runs")
        #expect(listing.status == 0 && listing.stderr.isEmpty, "\(listing)")
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(listing)")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true)
                == ["started", "kind", "task", "status", "success", "size", "run"])
        let first = lines[1].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(first.count == 10 && first[2] == "train" && first[3] == "reach" && first[4] == "completed"
                && first[5] == String(format: "%.1f", success * 100) && first[6] == "%" && first[8] == "KiB" && first[9] == run, "\(listing)")
        let second = lines[2].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(second.count == 10 && second[2] == "sweep" && second[4] == "killed" && second[9] == cellRun, "\(listing)")
        #expect(lines[3].hasPrefix("2 runs, "), "\(listing)")
        // The listed size is the one measured now; within a few KiB of the recorded one (plots come after it).
        let listedKiB = try #require(Double(first[7]))
        #expect(abs(listedKiB * 1024 - Double(recorded)) < 64 * 1024, "\(listedKiB) KiB listed, \(recorded) B recorded")
    }

    @Test("a resume while another process holds the run is refused at once, writing nothing; a stale lock file does not block")
    func resumeLock() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        _ = try workspace.copyFixture("tiny-reach.yaml")
        let train = try await workspace.run("train", "tiny-reach.yaml", "train.dagger.rounds=0", "eval.gifs=0", "train.steps=20")
        #expect(train.status == 0, "\(train)")
        let run = try #require(workspace.runFolders().first)
        // As a kill leaves it: status running. Its lock file names a process that is gone.
        let json = try workspace.read("\(run)/run.json").replacingOccurrences(of: "\"completed\"", with: "\"running\"")
        _ = try workspace.write(json, to: "\(run)/run.json")
        #expect(try workspace.read("\(run)/run.lock").trimmingCharacters(in: .whitespacesAndNewlines).allSatisfy(\.isNumber))

        // Another process holding the lock: this one, as a stand-in (flock is per open file).
        let fd = open(workspace.file("\(run)/run.lock"), O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        _ = ftruncate(fd, 0)
        _ = "4242\n".withCString { pwrite(fd, $0, 5, 0) }
        try await workspace.expectUserError(["train", run, "--resume"],
                                            mentioning: [run, "in use by another pushforward process (pid 4242)"])
        close(fd)

        let resumed = try await workspace.run("train", run, "--resume")
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stderr.contains("resuming from step 20"), "\(resumed)")
    }
}

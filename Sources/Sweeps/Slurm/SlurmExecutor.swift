import Foundation
import Runs

/// Runs a sweep on a Slurm cluster: a job array with one task per cell, each task
/// `pushforward sweep run-one <sweep> --index $SLURM_ARRAY_TASK_ID`, and a collect job
/// that starts when every task succeeded (`--dependency=afterok:<array job>`). Slurm
/// schedules; the sweep folder on the shared file system holds the state, so a
/// resubmission runs only the cells not done.
public struct SlurmExecutor: Sendable {
    public var plan: SweepPlan
    public var options: SweepFile.SlurmOptions
    /// The `pushforward` binary the tasks run (on the shared file system).
    public var executable: String
    /// Where the tasks start: the relative paths of the sweep resolve from here.
    public var workingDirectory: String

    public init(plan: SweepPlan, options: SweepFile.SlurmOptions, executable: String,
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.plan = plan
        self.options = options
        self.executable = executable
        self.workingDirectory = workingDirectory
    }

    public var arrayScriptPath: String { RunFiles.join(plan.file.out, "submit.sbatch") }
    public var collectScriptPath: String { RunFiles.join(plan.file.out, "collect.sbatch") }
    var logFolder: String { RunFiles.join(plan.file.out, "slurm") }

    /// Tasks at once: the file's `parallel`, else all.
    var parallel: Int { min(options.parallel ?? plan.cells.count, plan.cells.count) }

    /// `submit.sbatch`: the job array.
    public func arrayScript() -> String {
        var lines = header(job: "pf-\(plan.file.name)", cpus: options.cpus ?? plan.file.threads, time: options.time)
        lines.insert("#SBATCH --array=0-\(plan.cells.count - 1)%\(parallel)", at: 3)
        lines.append("#SBATCH --output=\(logFolder)/%A_%a.out")
        lines += ["", "set -eu", "cd \(Self.quoted(workingDirectory))",
                  "exec \(Self.quoted(executable)) sweep run-one \(Self.quoted(plan.file.path)) --out \(Self.quoted(plan.file.out)) --index \"$SLURM_ARRAY_TASK_ID\""]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `collect.sbatch`: `sweep collect` once the array has succeeded.
    public func collectScript() -> String {
        var lines = header(job: "pf-\(plan.file.name)-collect", cpus: 1, time: "00:15:00")
        lines.append("#SBATCH --output=\(logFolder)/collect_%j.out")
        lines += ["", "set -eu", "cd \(Self.quoted(workingDirectory))",
                  "exec \(Self.quoted(executable)) sweep collect \(Self.quoted(plan.file.path)) --out \(Self.quoted(plan.file.out))"]
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(job: String, cpus: Int, time: String?) -> [String] {
        var lines = ["#!/bin/bash", "# Written by pushforward sweep run from \(plan.file.path) (\(plan.cells.count) cells).",
                     "#SBATCH --job-name=\(job)", "#SBATCH --cpus-per-task=\(cpus)"]
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let mem = options.mem { lines.append("#SBATCH --mem=\(mem)") }
        if let partition = options.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account = options.account { lines.append("#SBATCH --account=\(account)") }
        for option in options.options ?? [] { lines.append("#SBATCH \(option)") }
        return lines
    }

    /// Writes both scripts (and the folder for the tasks' output).
    public func writeScripts() throws(SweepError) {
        do {
            try RunFiles.createFolder(logFolder)
            try RunFiles.writeAtomically(arrayScript(), to: arrayScriptPath)
            try RunFiles.writeAtomically(collectScript(), to: collectScriptPath)
        } catch {
            throw SweepError(error)
        }
    }

    /// The two `sbatch` command lines; `<array job id>` stands for the first one's answer.
    public func submissionCommands(arrayJob: String = "<array job id>") -> [[String]] {
        [["sbatch", "--parsable", arrayScriptPath],
         ["sbatch", "--parsable", "--dependency=afterok:\(arrayJob)", collectScriptPath]]
    }

    /// Submits the array, then the collect job depending on it; returns both job ids.
    public func submit() throws(SweepError) -> (array: String, collect: String) {
        let array = try Self.sbatch(submissionCommands()[0])
        let collect = try Self.sbatch(submissionCommands(arrayJob: array)[1])
        return (array, collect)
    }

    /// Runs `sbatch --parsable ...` and returns the job id (the part before any `;cluster`).
    static func sbatch(_ command: [String]) throws(SweepError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SweepError("cannot run sbatch: \(error.localizedDescription)")
        }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if process.terminationStatus == 127 {
                throw SweepError("sbatch: command not found; submit from a Slurm login node, or print the commands with --dry-run")
            }
            throw SweepError("\(command.joined(separator: " ")) failed (exit status \(process.terminationStatus)): \(errors.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw SweepError("\(command.joined(separator: " ")): expected a job id, got '\(output.trimmingCharacters(in: .whitespacesAndNewlines))'")
        }
        return id
    }

    /// A shell word: single-quoted unless plainly safe.
    static func quoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=:+,".contains($0)) }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

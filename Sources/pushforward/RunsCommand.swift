import ArgumentParser
import Experiments

/// `pushforward runs [folder]`: the run folders under `runs/` (or a given folder), with
/// kind, status, final success and size on disk.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List run folders, oldest first: start time, kind, task, status, final success, size on disk.",
        discussion: "A run whose run.json says running but that no process holds is listed as killed; resume it with --resume.")

    @Argument(help: "The folder that holds the runs.")
    var folder = "runs"

    func run() throws {
        print(try RunListing.load(folder).table())
    }
}

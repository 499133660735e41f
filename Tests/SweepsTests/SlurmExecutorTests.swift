import Foundation
import Testing
@testable import Sweeps

@Suite struct SlurmExecutorTests {
    @Test func scriptsHoldTheArrayTheResourcesAndTheCommands() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("""
            command: eval
            base: runs/x
            grid: {sampler.steps: [2, 5, 10]}
            seeds: [1, 2]
            threads: 2
            executor: {slurm: {partition: debug, time: "00:20:00", mem: 2G, parallel: 4, options: [--qos=short]}}
            """, to: "s.yaml")
        let plan = try SweepPlan(SweepFile.load(path, out: "runs/sweeps/s"))
        guard case .slurm(let options) = plan.file.executor else { Issue.record("not slurm"); return }
        let slurm = SlurmExecutor(plan: plan, options: options, executable: "/opt/pf/pushforward", workingDirectory: "/home/me/my repo")
        let array = slurm.arrayScript().split(separator: "\n").map(String.init)
        #expect(array.first == "#!/bin/bash")
        for line in ["#SBATCH --array=0-5%4", "#SBATCH --cpus-per-task=2", "#SBATCH --time=00:20:00", "#SBATCH --mem=2G",
                     "#SBATCH --partition=debug", "#SBATCH --qos=short", "#SBATCH --output=runs/sweeps/s/slurm/%A_%a.out",
                     "cd '/home/me/my repo'",
                     "exec /opt/pf/pushforward sweep run-one \(path) --out runs/sweeps/s --index \"$SLURM_ARRAY_TASK_ID\""] {
            #expect(array.contains(line), "\(line) missing from:\n\(array.joined(separator: "\n"))")
        }
        let collect = slurm.collectScript()
        #expect(collect.contains("exec /opt/pf/pushforward sweep collect \(path) --out runs/sweeps/s\n"))
        #expect(!collect.contains("--array"))
        #expect(slurm.submissionCommands(arrayJob: "41") == [
            ["sbatch", "--parsable", "runs/sweeps/s/submit.sbatch"],
            ["sbatch", "--parsable", "--dependency=afterok:41", "runs/sweeps/s/collect.sbatch"]])
    }

    @Test func progressLine() {
        #expect(SweepProgress.line(total: 20, skipped: 4, done: 8, running: 2, failed: 1, elapsed: 65,
                                   meanCellSeconds: 30, workers: 2) == "12/20 done (4 before), 2 running, 1 failed  elapsed 1m05s  left ~1m45s")
        #expect(SweepProgress.line(total: 3, skipped: 0, done: 3, running: 0, failed: 0, elapsed: 5,
                                   meanCellSeconds: 2, workers: 2) == "3/3 done, 0 running, 0 failed  elapsed 5s")
        #expect(LocalExecutor.defaultWorkers(threads: 1, cores: 2) == 2)
        #expect(LocalExecutor.defaultWorkers(threads: 2, cores: 2) == 1)
        #expect(LocalExecutor.defaultWorkers(threads: 4, cores: 2) == 1)
    }
}

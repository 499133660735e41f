import Foundation
import Media
import NeuralNet
import Physics2D
import Tasks

/// `pushforward demos`: expert demonstrations for a scene, written as a dataset file.
public enum Demos {
    /// A summary line for people: counts, success rate with its interval, throughput.
    public struct Report: Sendable {
        public var outputPath: String
        public var gifPaths: [String]
        public var episodes: Int
        public var successes: Int
        public var kept: Int
        public var steps: Int
        public var meanLength: Double
        public var seconds: Double
        public var threads: Int
        /// Episodes per mode tag (e.g. elbow and detour side for reach).
        public var modes: [String: Int]
    }

    /// Runs the expert for `config.episodes` episodes of `scene`.
    public static func run(scene: any TaskScene, scenePath: String, config: DemosConfig,
                           progress: @escaping @Sendable (Int, Int) -> Void) throws -> Report {
        let task = try scene.makeTask(options: TaskOptions(observation: config.observation, expert: config.expert))
        return try run(task: task, scenePath: scenePath, config: config, progress: progress)
    }

    static func run<Task: TaskDefinition>(task: Task, scenePath: String, config: DemosConfig,
                         progress: @escaping @Sendable (Int, Int) -> Void) throws -> Report {
        guard config.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(config.episodes)") }
        guard config.gifs >= 0, config.gifs <= config.episodes else {
            throw UserFacingError("gifs must be between 0 and episodes (\(config.episodes)), got \(config.gifs)")
        }
        let threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        let outcome = try collect(task: task, scenePath: scenePath, episodes: config.episodes,
                                  seed: config.seed, threads: threads, keepFailures: config.keepFailures, progress: progress)
        let dataset = outcome.dataset
        let out = config.out.isEmpty ? "demos/\(task.sceneName)_\(config.episodes)ep_s\(config.seed).safetensors" : config.out
        guard dataset.episodeCount > 0 else {
            throw UserFacingError("no successful episode out of \(config.episodes); nothing written (keepFailures=true keeps them)")
        }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: out).deletingLastPathComponent(), withIntermediateDirectories: true)
        try dataset.write(to: out)

        var gifPaths: [String] = []
        let stem = out.hasSuffix(".safetensors") ? String(out.dropLast(".safetensors".count)) : out
        for index in 0..<config.gifs {
            var generator = RandomSource(seed: SeedDomain.demonstrationEpisode.seed(config.seed, index: index))
            var animation = GIFAnimation(width: config.gifSize, height: config.gifSize)
            let episode = try task.demonstrate(using: &generator) { list in
                animation.append(Canvas(width: config.gifSize, height: config.gifSize, rendering: list), delayCentiseconds: 10)
            }
            let path = "\(stem)_ep\(index)_\(episode.success ? "success" : "failure").gif"
            try animation.write(to: path)
            gifPaths.append(path)
        }
        var modes: [String: Int] = [:]
        for episode in outcome.all where !episode.mode.isEmpty { modes[episode.mode, default: 0] += 1 }
        return Report(outputPath: out, gifPaths: gifPaths, episodes: config.episodes, successes: outcome.successes,
                      kept: dataset.episodeCount, steps: dataset.stepCount,
                      meanLength: Double(outcome.all.map(\.length).reduce(0, +)) / Double(outcome.all.count),
                      seconds: outcome.seconds, threads: threads, modes: modes)
    }

    /// Collects expert episodes into a dataset with provenance metadata.
    static func collect<Task: TaskDefinition>(task: Task, scenePath: String, episodes: Int, seed: UInt64,
                             threads: Int, keepFailures: Bool,
                             progress: @escaping @Sendable (Int, Int) -> Void) throws -> DemoCollector.Outcome {
        var template = DemonstrationDataset(
            observationSize: task.observationSize, actionSize: task.actionSize, horizon: task.expertHorizon,
            metadata: [
                "scene": task.sceneName, "scene_file": scenePath, "expert": task.expertName,
                "seed": String(seed), "episodes_run": String(episodes),
                "episode_seeds": "RandomSource(seed: seed * 0x9E3779B97F4A7C15 + i * 0xD1B54A32D192ED03)",
            ])
        template.metadata["scene_hash"] = String(sceneHash(scenePath), radix: 16)
        let collector = DemoCollector(episodes: episodes, seed: seed, threads: threads, keepFailures: keepFailures)
        var outcome = try collector.collect(into: template, run: { _, generator in
            try task.demonstrate(using: &generator, frame: nil)
        }, progress: progress)
        outcome.dataset.metadata["episode_success"] = outcome.all.map { $0.success ? "1" : "0" }.joined()
        outcome.dataset.metadata["kept_episodes"] = String(outcome.dataset.episodeCount)
        return outcome
    }

    /// FNV-1a of the scene file's bytes, recorded for provenance.
    static func sceneHash(_ path: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data() {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}

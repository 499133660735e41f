import Foundation
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
    public static func run(scene: Scene, scenePath: String, config: DemosConfig,
                           progress: @escaping @Sendable (Int, Int) -> Void) throws -> Report {
        guard config.episodes >= 1 else { throw UserFacingError("episodes must be at least 1, got \(config.episodes)") }
        guard config.gifs >= 0, config.gifs <= config.episodes else {
            throw UserFacingError("gifs must be between 0 and episodes (\(config.episodes)), got \(config.gifs)")
        }
        let threads = config.threads > 0 ? config.threads : ProcessInfo.processInfo.activeProcessorCount
        let runner = try episodeRunner(for: scene)
        var template = DemonstrationDataset(
            observationSize: runner.observationSize, actionSize: runner.actionSize, horizon: runner.horizon,
            metadata: [
                "scene": scene.name, "scene_file": scenePath, "expert": runner.expertName,
                "seed": String(config.seed), "episodes_run": String(config.episodes),
                "episode_seeds": "RandomSource(seed: seed * 0x9E3779B97F4A7C15 + i * 0xD1B54A32D192ED03)",
            ])
        template.metadata["scene_hash"] = String(sceneHash(scenePath), radix: 16)
        let collector = DemoCollector(episodes: config.episodes, seed: config.seed, threads: threads,
                                      keepFailures: config.keepFailures)
        let outcome = try collector.collect(into: template, run: { index, generator in
            try runner.run(index, &generator, nil)
        }, progress: progress)
        var dataset = outcome.dataset
        dataset.metadata["episode_success"] = outcome.all.map { $0.success ? "1" : "0" }.joined()
        dataset.metadata["kept_episodes"] = String(dataset.episodeCount)

        let out = config.out.isEmpty ? "demos/\(scene.name)_\(config.episodes)ep_s\(config.seed).safetensors" : config.out
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: out).deletingLastPathComponent(), withIntermediateDirectories: true)
        guard dataset.episodeCount > 0 else {
            throw UserFacingError("no successful episode out of \(config.episodes); nothing written (keepFailures=true keeps them)")
        }
        try dataset.write(to: out)

        var gifPaths: [String] = []
        let stem = out.hasSuffix(".safetensors") ? String(out.dropLast(".safetensors".count)) : out
        for index in 0..<config.gifs {
            var generator = RandomSource(seed: DemoCollector.episodeSeed(config.seed, index))
            var animation = GIFAnimation(width: config.gifSize, height: config.gifSize)
            let episode = try runner.run(index, &generator) { list in
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

    /// How to run one expert episode of a scene family.
    struct EpisodeRunner: Sendable {
        var observationSize: Int
        var actionSize: Int
        var horizon: Int
        var expertName: String
        /// Runs episode `index`; `frame` receives a draw list per step when given.
        var run: @Sendable (Int, inout RandomSource, ((DrawList) -> Void)?) throws -> ExpertEpisode
    }

    static func episodeRunner(for scene: Scene) throws -> EpisodeRunner {
        switch scene {
        case .reach(let reach):
            let expert = ReachExpert()
            let template = try ReachEnvironment(scene: reach)
            return EpisodeRunner(observationSize: template.observationSize, actionSize: template.actionSize,
                                 horizon: expert.horizon, expertName: "reach-ik-joint-ramp") { _, generator, frame in
                var env = template
                _ = try env.reset(using: &generator)
                let mode = ReachExpert.Mode.random(using: &generator)
                return try expert.rollout(&env, mode: mode) { env, action in frame?(env.drawList(action: action)) }
            }
        case .pushT:
            throw UserFacingError("the Push-T expert is not wired in yet")
        }
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

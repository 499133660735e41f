import Foundation
import Tasks

/// Writes an evaluation's files into `eval/<step>/`: `summary.json`, `episodes.csv` and
/// the GIFs of the first episodes (`videos/ep<i>_<success|failure>.gif`).
public enum EvaluationFiles {
    /// GIF frame size in pixels.
    public static let gifSize = 192

    @discardableResult
    public static func write(_ outcome: EvaluationOutcome, options: EvaluationOptions, step: Int,
                             run: RunFolder) throws -> (summary: String, gifs: [String]) {
        let folder = run.evaluation(step: step)
        let interval = outcome.interval
        let modes = outcome.modeCounts
        try folder.writeSummary(EvaluationSummary(
            episodes: outcome.episodes.count, successes: outcome.successes, successRate: interval.rate,
            wilsonLow: interval.lower, wilsonHigh: interval.upper, meanMaxCoverage: outcome.meanMaxCoverage,
            meanFinalCoverage: outcome.meanFinalCoverage, meanLength: outcome.meanLength,
            nfePerControlStep: outcome.nfePerControlStep, episodesPerSecond: outcome.episodesPerSecond,
            seeds: .init(outcome.episodes.map(\.seed)), sampler: options.sampler.description, checkpointStep: step,
            extras: ["seed_domain": Double(options.seed)], modes: modes.isEmpty ? nil : modes))
        try folder.writeEpisodes(outcome.episodes)
        var gifs: [String] = []
        for (index, frames) in outcome.frames.enumerated() where !frames.isEmpty {
            var animation = GIFAnimation(width: gifSize, height: gifSize)
            for list in frames { animation.append(Canvas(width: gifSize, height: gifSize, rendering: list), delayCentiseconds: 10) }
            let path = try folder.videoPath(index: index, success: outcome.episodes[index].success)
            try animation.write(to: path)
            gifs.append(path)
        }
        return (folder.summaryPath, gifs)
    }
}

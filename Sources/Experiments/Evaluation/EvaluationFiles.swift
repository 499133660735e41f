import Foundation
import Media
import Runs
import Tasks

/// Writes an evaluation's files into `eval/<step>/`: `summary.json`, `episodes.csv` and
/// the GIFs of the first episodes (`videos/ep<i>_<success|failure>.gif`).
public enum EvaluationFiles {
    /// GIF frame size in pixels.
    public static let gifSize = 192

    @discardableResult
    public static func write(_ outcome: EvaluationOutcome, options: EvaluationOptions, step: Int,
                             run: RunFolder, label: String? = nil) throws -> (summary: String, gifs: [String]) {
        let folder = EvaluationFolder(run: run, step: step, label: label)
        var summary = outcome.summary(step: step, sampler: options.sampler)
        summary.extras = ["seed_domain": Double(options.seed)]
        try folder.writeSummary(summary)
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

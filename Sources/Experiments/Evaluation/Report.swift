import Foundation

/// Human-readable lines about results, shared by the commands.
public enum Report {
    /// A short table of an evaluation.
    public static func evaluation(_ outcome: EvaluationOutcome, step: Int) -> String {
        let i = outcome.interval
        var lines = [
            String(format: "success      %.1f%%  (%d/%d, Wilson 95%% [%.1f%%, %.1f%%])", i.rate * 100, outcome.successes,
                   outcome.episodes.count, i.lower * 100, i.upper * 100),
        ]
        if let c = outcome.meanMaxCoverage { lines.append(String(format: "max coverage %.3f (mean)", c)) }
        if let c = outcome.meanFinalCoverage { lines.append(String(format: "final cover. %.3f (mean)", c)) }
        lines.append(String(format: "length       %.1f steps (mean)", outcome.meanLength))
        lines.append(String(format: "NFE          %.2f per control step", outcome.nfePerControlStep))
        lines.append(String(format: "speed        %.1f episodes/s", outcome.episodesPerSecond))
        let modes = outcome.modeCounts
        if !modes.isEmpty {
            lines.append("modes        " + modes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
        }
        lines.append("checkpoint   step \(step)")
        return lines.joined(separator: "\n")
    }
}

import Foundation
import Runs

/// Human-readable lines about results, shared by the commands.
public enum Report {
    /// A short table of an evaluation.
    public static func evaluation(_ s: EvaluationSummary) -> String {
        var lines = [
            String(format: "success      %.1f%%  (%d/%d, Wilson 95%% [%.1f%%, %.1f%%])", s.successRate * 100, s.successes,
                   s.episodes, s.wilsonLow * 100, s.wilsonHigh * 100),
        ]
        if let c = s.meanMaxCoverage { lines.append(String(format: "max coverage %.3f (mean)", c)) }
        if let c = s.meanFinalCoverage { lines.append(String(format: "final cover. %.3f (mean)", c)) }
        lines.append(String(format: "length       %.1f steps (mean)", s.meanLength))
        lines.append(String(format: "sampler      %@, %.2f NFE per control step", s.sampler, s.nfePerControlStep))
        lines.append(String(format: "speed        %.1f episodes/s", s.episodesPerSecond))
        if let modes = s.modes, !modes.isEmpty {
            lines.append("modes        " + modes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
            let successes = s.successModes ?? [:], total = successes.values.reduce(0, +)
            if total > 0 {
                lines.append("  successes  " + successes.sorted { $0.key < $1.key }.map {
                    String(format: "%@: %d (%.0f%%)", $0.key, $0.value, 100 * Double($0.value) / Double(total))
                }.joined(separator: ", "))
            }
        }
        lines.append("checkpoint   step \(s.checkpointStep)")
        return lines.joined(separator: "\n")
    }
}

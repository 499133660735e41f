import Foundation
import Configuration

/// The performance suite behind `pushforward bench` (see `specs/benchmarks.md`).
public enum BenchmarkSuite {
    /// Every group, in the order they run.
    public static let groups: [BenchmarkGroup] = [.physics, .nn, .rollout, .policy, .rl]

    /// Groups run only when named with `--only`: checks that take minutes, not timings.
    public static let onRequest: [BenchmarkGroup] = [.fuzz]

    /// Looks a group up by name; the error names the known groups (and the closest one).
    public static func group(named name: String) throws -> BenchmarkGroup {
        if let group = (groups + onRequest).first(where: { $0.name == name }) { return group }
        let names = (groups + onRequest).map(\.name)
        let suggestion = Suggestion.closest(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw UserFacingError("unknown benchmark group '\(name)'\(suggestion) (known groups: \(names.joined(separator: ", ")))")
    }
}

import Foundation

/// The performance suite behind `pushforward bench` (see `specs/benchmarks.md`).
public enum BenchmarkSuite {
    /// Every group, in the order they run.
    public static let groups: [BenchmarkGroup] = [.physics, .nn]

    /// Looks a group up by name; the error names the known groups.
    public static func group(named name: String) throws -> BenchmarkGroup {
        if let group = groups.first(where: { $0.name == name }) { return group }
        let known = groups.map(\.name).joined(separator: ", ")
        throw UserFacingError("unknown benchmark group '\(name)'; known groups: \(known)")
    }
}

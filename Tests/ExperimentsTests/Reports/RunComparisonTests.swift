import Testing
@testable import Experiments

/// The means and the table of `pushforward compare`.
struct RunComparisonTests {
    static let comparison = RunComparison(curves: [
        .init(run: "a", group: "dsrl", evaluations: [(0, 0.6, 50), (1000, 0.7, 50), (2000, 0.9, 200)]),
        .init(run: "b", group: "dsrl", evaluations: [(0, 0.5, 50), (1010, 0.8, 50), (2010, 0.7, 200)]),
        .init(run: "c", group: "residual", evaluations: [(0, 0.6, 50), (990, 0.2, 50)]),
        .init(run: "d", group: "dsrl", evaluations: [(0, 0.7, 50), (1020, 0.75, 50)]),
    ])

    @Test("groups keep the order of their first run; the mean stops where a run's evaluations stop")
    func meanPerEvaluation() {
        #expect(Self.comparison.groups == ["dsrl", "residual"])
        let mean = Self.comparison.mean(of: "dsrl")
        #expect(mean.count == 2)
        #expect(abs(mean[1].step - 1010) < 1e-9)
        #expect(abs(mean[1].rate - 0.75) < 1e-12)
    }

    @Test("the table gives the final mean +- sd, the lowest later evaluation and each final")
    func table() {
        let lines = Self.comparison.table().split(separator: "\n")
        #expect(lines.count == 3)
        // dsrl finals 0.9, 0.7, 0.75: mean 78.3 %, sd 10.4 points; lowest after the first: 0.7.
        #expect(lines[1].contains("78.3% +- 10.4") && lines[1].contains("70.0%"), "\(lines[1])")
        #expect(lines[1].contains("90.0% (200 ep.), 70.0% (200 ep.), 75.0% (50 ep.)"))
        #expect(lines[2].hasPrefix("residual") && lines[2].contains("20.0%"))
    }
}

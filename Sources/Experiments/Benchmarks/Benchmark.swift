import Foundation

/// One measured figure of `pushforward bench`.
///
/// Serialised as one JSON object per line with `--json`:
/// `{"name": ..., "value": ..., "unit": ..., "median_of": N, "threads": T, ...}`.
public struct BenchmarkFigure: Codable, Sendable {
    public var name: String
    public var value: Double
    public var unit: String
    /// How many timed repetitions the median was taken over (1 for derived figures).
    public var medianOf: Int
    public var threads: Int
    /// Free-form context: the reference figure, a ratio's denominator, a note.
    public var note: String?

    public init(name: String, value: Double, unit: String, medianOf: Int, threads: Int, note: String? = nil) {
        self.name = name
        self.value = value
        self.unit = unit
        self.medianOf = medianOf
        self.threads = threads
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case name, value, unit, threads, note
        case medianOf = "median_of"
    }
}

/// What a benchmark group may vary.
public struct BenchmarkOptions: Sendable {
    /// A reduced set that finishes in well under a minute.
    public var quick: Bool
    /// Thread counts to measure with, for figures that depend on it.
    public var threadCounts: [Int]

    public init(quick: Bool, threadCounts: [Int]) {
        self.quick = quick
        self.threadCounts = threadCounts
    }
}

/// A named group of figures (`physics`, `nn`, ...).
public struct BenchmarkGroup: Sendable {
    public var name: String
    public var summary: String
    /// Runs the group, handing each figure to `report` as soon as it is measured.
    public var run: @Sendable (BenchmarkOptions, (BenchmarkFigure) -> Void) throws -> Void

    public init(
        name: String, summary: String,
        run: @escaping @Sendable (BenchmarkOptions, (BenchmarkFigure) -> Void) throws -> Void
    ) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}

/// Timing helpers: every timing is the median of repeated runs after a warm-up.
public enum Stopwatch {
    /// Seconds since an arbitrary origin, monotonic.
    @inline(__always) public static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
    }

    /// Median seconds of `body` over `repeats` runs after `warmup` untimed runs.
    public static func median(repeats: Int, warmup: Int = 1, _ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<warmup { try body() }
        var times: [Double] = []
        times.reserveCapacity(repeats)
        for _ in 0..<repeats {
            let start = now()
            try body()
            times.append(now() - start)
        }
        times.sort()
        let mid = times.count / 2
        return times.count % 2 == 1 ? times[mid] : 0.5 * (times[mid - 1] + times[mid])
    }
}

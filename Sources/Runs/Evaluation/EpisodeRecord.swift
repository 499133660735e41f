/// One evaluated episode: a row of `eval/<step>/episodes.csv`.
public struct EpisodeRecord: Sendable, Hashable, Codable {
    /// Position in the evaluation, from 0; also names its GIF (`ep<index>_...`).
    public var index: Int
    /// The seed the episode's environment and noise were drawn from.
    public var seed: UInt64
    public var success: Bool
    /// Control steps taken.
    public var length: Int
    /// Best coverage reached, in [0, 1] (Push-T); `nil` for tasks without coverage.
    public var maxCoverage: Double?
    /// Coverage at the last step, in [0, 1]; `nil` for tasks without coverage.
    public var finalCoverage: Double?
    /// The behaviour mode the episode showed (e.g. `elbow-up,left`); empty if none.
    public var mode: String

    public init(index: Int, seed: UInt64, success: Bool, length: Int,
                maxCoverage: Double? = nil, finalCoverage: Double? = nil, mode: String = "") {
        self.index = index
        self.seed = seed
        self.success = success
        self.length = length
        self.maxCoverage = maxCoverage
        self.finalCoverage = finalCoverage
        self.mode = mode
    }

    enum CodingKeys: String, CodingKey {
        case index, seed, success, length
        case maxCoverage = "max_coverage"
        case finalCoverage = "final_coverage"
        case mode
    }
}

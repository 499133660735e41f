import Policies
import Tasks

/// The configuration of `pushforward compose` (`Configs/<task>/compose.yaml`, or parents
/// on the command line): which policies to compose, the weights to search, and the
/// validation and test protocol.
public struct ComposeConfig: Codable, Hashable, Sendable {
    /// A training configuration and its overrides: how a parent is made when `parents`
    /// is not given.
    public struct Recipe: Codable, Hashable, Sendable {
        public var config = ""
        public var overrides: [String] = []
        public init() {}

        enum CodingKeys: String, CodingKey { case config, overrides }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            config = try c.decode(String.self, forKey: .config)
            overrides = try c.decodeIfPresent([String].self, forKey: .overrides) ?? []
        }
    }

    /// Training runs (or their checkpoint folders) to compose, two or more.
    public var parents: [String] = []
    /// With no `parents`: the training recipes run first, one parent each (their runs are
    /// then recorded as `parents` in the run's `config.yaml`).
    public var recipes: [Recipe] = []
    /// The composed sampler (nil: parent 1's evaluation sampler). A composition with a
    /// diffusion parent samples on the diffusion grid (ddim, ddpm, dpmsolver, rti).
    public var sampler: Sampler?
    /// Two parents: the grid of parent 1's weight `w` (parent 2 gets `1 - w`); nil is
    /// 0, 0.1, ..., 1.
    public var weights: [Double]?
    /// Any number of parents: the weight vectors to try, each summing to 1 (nil: with
    /// more than two parents, every vector of multiples of 0.1).
    public var weightVectors: [[Double]]?
    /// The evaluation seed of repeat 0's test episodes (the evaluation protocol's: the
    /// parents' `eval` results are on the same episodes); repeat `r` uses `seed + r`.
    public var seed = EvaluationOptions.defaultSeed
    /// Episodes per weight in the search, on seeds disjoint from the test seeds.
    public var validationEpisodes = 100
    public var testEpisodes = 200
    /// Independent searches (validation and test seeds of their own each).
    public var repeats = 3
    /// Expert demonstrations held out for the loss pre-filter (0 skips it).
    public var heldOutDemos = 20
    public var batchSize = EvaluationOptions.defaultBatchSize
    /// Threads stepping environments and BLAS threads; 0 uses every core.
    public var threads = 0

    public init() {}

    /// Parents given, or recipes that will make them.
    var parentCount: Int { parents.isEmpty ? recipes.count : parents.count }

    /// The default grid of parent 1's weight.
    static let defaultGrid = (0...10).map { Double($0) / 10 }

    /// The weight vectors to search, in order.
    func candidates() throws -> [[Double]] {
        let n = parentCount
        if let weightVectors {
            guard weights == nil else { throw SceneError(path: ["weightVectors"], "give weights (two parents) or weightVectors, not both") }
            guard !weightVectors.isEmpty else { throw SceneError(path: ["weightVectors"], "is empty; give at least one weight vector") }
            for (index, vector) in weightVectors.enumerated() {
                do { try Composition.checkWeights(vector, parents: n) } catch {
                    throw SceneError(path: ["weightVectors", "\(index)"], error.description)
                }
            }
            return weightVectors
        }
        if n == 2 {
            let grid = weights ?? Self.defaultGrid
            guard !grid.isEmpty else { throw SceneError(path: ["weights"], "is empty; give parent 1's weights to try, e.g. [0, 0.5, 1]") }
            if let bad = grid.first(where: { !($0 >= 0 && $0 <= 1) }) {
                throw SceneError(path: ["weights"], "\(bad) is not in [0, 1] (parent 1's weight; parent 2 gets 1 - w)")
            }
            return grid.map { [$0, 1 - $0] }
        }
        guard weights == nil else {
            throw SceneError(path: ["weights"], "is parent 1's weight for two parents; with \(n) parents give weightVectors, e.g. [[0.5, 0.25, 0.25]]")
        }
        return Self.lattice(parents: n, divisions: 10)
    }

    /// Every weight vector of `parents` multiples of `1 / divisions` summing to 1, parent
    /// 1's weight descending first.
    static func lattice(parents: Int, divisions: Int) -> [[Double]] {
        func parts(_ count: Int, _ total: Int) -> [[Int]] {
            guard count > 1 else { return [[total]] }
            return (0...total).reversed().flatMap { first in parts(count - 1, total - first).map { [first] + $0 } }
        }
        return parts(parents, divisions).map { $0.map { Double($0) / Double(divisions) } }
    }

    /// Checks counts and sizes (the parents themselves are checked when loaded).
    func validate() throws {
        guard !parents.isEmpty || !recipes.isEmpty else {
            throw SceneError(path: ["parents"], "is empty; name two or more training runs (pushforward compose <run> <run>) or recipes to train them")
        }
        if parents.isEmpty {
            guard recipes.count >= 2 else {
                throw SceneError(path: ["recipes"], "a single recipe (\(recipes[0].config)); composition needs at least two parents")
            }
            if let empty = recipes.firstIndex(where: { $0.config.isEmpty }) {
                throw SceneError(path: ["recipes", "\(empty)", "config"], "is empty; name a training configuration")
            }
        } else if parents.count < 2 {
            throw SceneError(path: ["parents"], "a single parent (\(parents[0])); composition needs at least two parent runs")
        }
        for (key, value) in [("validationEpisodes", validationEpisodes), ("testEpisodes", testEpisodes),
                             ("repeats", repeats), ("batchSize", batchSize)] where value < 1 {
            throw SceneError(path: [key], "must be at least 1, got \(value)")
        }
        guard heldOutDemos >= 0 else { throw SceneError(path: ["heldOutDemos"], "must be 0 (no pre-filter) or more, got \(heldOutDemos)") }
        guard threads >= 0 else { throw SceneError(path: ["threads"], "must be 0 (every core) or more, got \(threads)") }
        _ = try candidates()
    }
}

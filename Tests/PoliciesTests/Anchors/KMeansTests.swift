import Foundation
import NeuralNet
import Testing
@testable import Policies

@Suite struct KMeansTests {
    /// Three well-separated blobs of 40 points in 6 dimensions, plus uniform clutter.
    func points(seed: UInt64 = 3) -> [Float] {
        var g = RandomSource(seed: seed)
        let centres: [[Float]] = [[-0.8, 0.5, 0, 0, 0.2, -0.5], [0.7, 0.7, 0.3, -0.2, 0, 0], [0, -0.8, -0.6, 0.6, 0, 0.4]]
        var values: [Float] = []
        for centre in centres {
            for _ in 0..<40 { values += centre.map { $0 + 0.05 * Float(g.gaussian()) } }
        }
        for _ in 0..<30 { values += (0..<6).map { _ in g.uniform(-1, 1) } }
        return values
    }

    @Test func sameSeedSameAnchorsOtherSeedOtherSeeding() throws {
        let data = points()
        var a = RandomSource(seed: 11), b = RandomSource(seed: 11), c = RandomSource(seed: 12)
        let first = try KMeans(points: data, dimension: 6, clusters: 8, random: &a)
        let second = try KMeans(points: data, dimension: 6, clusters: 8, random: &b)
        let third = try KMeans(points: data, dimension: 6, clusters: 8, random: &c)
        #expect(first.centroids == second.centroids)
        #expect(first.assignments == second.assignments)
        #expect(first.centroids != third.centroids)
    }

    @Test(arguments: [1, 2, 5, 20, 60]) func objectiveNeverIncreases(clusters: Int) throws {
        for seed in UInt64(0)..<5 {
            var g = RandomSource(seed: seed)
            let km = try KMeans(points: points(seed: seed + 100), dimension: 6, clusters: clusters, random: &g)
            #expect(km.objectives.count >= 2)
            for (before, after) in zip(km.objectives, km.objectives.dropFirst()) {
                #expect(after <= before, "objective rose from \(before) to \(after) (K \(clusters), seed \(seed))")
            }
        }
    }

    @Test func separatedBlobsAreFoundAndEachPointGoesToItsNearestCentroid() throws {
        var values: [Float] = []
        var g = RandomSource(seed: 5)
        let centres: [[Float]] = [[-0.5, -0.5], [0.5, -0.5], [0, 0.6]]
        for centre in centres { for _ in 0..<50 { values += centre.map { $0 + 0.03 * Float(g.gaussian()) } } }
        var r = RandomSource(seed: 9)
        let km = try KMeans(points: values, dimension: 2, clusters: 3, random: &r)
        for centre in centres {
            let best = (0..<3).map { c in hypot(km.centroids[2 * c] - centre[0], km.centroids[2 * c + 1] - centre[1]) }.min()!
            #expect(best < 0.02, "no centroid near \(centre)")
        }
        values.withUnsafeBufferPointer { p in
            for i in 0..<150 { #expect(km.assignments[i] == km.nearest(to: p.baseAddress! + 2 * i)) }
        }
        // A converged clustering: the objective equals the within-cluster scatter, about 150 * 2 * 0.03^2.
        #expect(abs(km.objectives.last! - 150 * 2 * 0.0009) < 0.1)
    }

    @Test func moreClustersThanPointsIsRefusedNamingTheKey() {
        var g = RandomSource(seed: 1)
        #expect(throws: PolicyError.invalid(key: "anchors", "21 anchors need at least as many training chunks, the dataset has 4; lower policy.anchors")) {
            try KMeans(points: [Float](repeating: 0, count: 8), dimension: 2, clusters: 21, random: &g)
        }
    }

    @Test func duplicatePointsDoNotStallSeeding() throws {
        var g = RandomSource(seed: 1)
        let km = try KMeans(points: [Float](repeating: 0.25, count: 20), dimension: 2, clusters: 4, random: &g)
        #expect(km.objectives.last == 0)
        #expect(km.centroids.allSatisfy { $0 == 0.25 })
    }
}

import NeuralNet

/// k-means clustering of flattened chunks (Lloyd's iterations after k-means++ seeding),
/// used to place an anchored policy's anchors over its normalised training chunks.
///
/// Squared distances are computed as `|x|^2 - 2 x.c + |c|^2` with the cross terms of all
/// points against all centroids in one matrix product; a point changes cluster only when
/// its exact distance (summed in Double) to the new centroid is strictly smaller, so the
/// objective, also exact, never increases from one iteration to the next. An emptied
/// cluster keeps its centroid.
public struct KMeans: Sendable {
    /// Centroids, row-major `[clusters, dimension]`.
    public var centroids: [Float]
    /// The cluster of each point.
    public var assignments: [Int]
    /// Sum of squared distances of the points to their centroids after seeding (entry 0)
    /// and after each Lloyd iteration.
    public var objectives: [Double]
    public let clusters: Int
    public let dimension: Int

    /// Clusters the `count` points of `points` (row-major `[count, dimension]`) into
    /// `clusters` groups, seeding with k-means++ from `random` and iterating until no
    /// point changes cluster or `iterations` have run.
    public init(points: [Float], dimension: Int, clusters: Int, iterations: Int = 100,
                random: inout RandomSource) throws(PolicyError) {
        precondition(dimension >= 1 && points.count % dimension == 0, "points must be rows of \(dimension) values")
        let count = points.count / dimension
        guard clusters >= 1 else { throw .invalid(key: "anchors", "must be at least 1, got \(clusters)") }
        guard clusters <= count else {
            throw PolicyError.tooFewChunks(anchors: clusters, chunks: count)
        }
        self.clusters = clusters
        self.dimension = dimension
        let data = Matrix(rows: count, columns: dimension, values: points)
        centroids = Self.seed(data, clusters: clusters, random: &random)
        assignments = [Int](repeating: 0, count: count)
        objectives = []
        let distances = Matrix(rows: count, columns: clusters)
        assign(data, distances: distances, initial: true)
        objectives.append(objective(data))
        for _ in 0..<iterations {
            update(data)
            let changed = assign(data, distances: distances, initial: false)
            objectives.append(objective(data))
            if !changed { break }
        }
    }

    /// k-means++: the first centroid uniformly, each next one with probability
    /// proportional to the squared distance to the nearest centroid chosen so far.
    static func seed(_ data: Matrix, clusters: Int, random: inout RandomSource) -> [Float] {
        let count = data.rows, d = data.columns
        var centroids: [Float] = []
        centroids.reserveCapacity(clusters * d)
        var nearest = [Double](repeating: .infinity, count: count)
        var chosen = Int(random.next() % UInt64(count))
        for c in 0..<clusters {
            centroids += UnsafeBufferPointer(start: data.row(chosen), count: d)
            guard c + 1 < clusters else { break }
            var total = 0.0
            for i in 0..<count {
                nearest[i] = min(nearest[i], squaredDistance(data.row(i), data.row(chosen), d))
                total += nearest[i]
            }
            // All points coincide with a centroid: any further choice is as good.
            guard total > 0 else { chosen = Int(random.next() % UInt64(count)); continue }
            var target = random.nextDouble() * total
            chosen = count - 1
            for i in 0..<count {
                target -= nearest[i]
                if target < 0 { chosen = i; break }
            }
        }
        return centroids
    }

    /// Moves each point to its nearest centroid; returns whether any point moved.
    @discardableResult
    mutating func assign(_ data: Matrix, distances: Matrix, initial: Bool) -> Bool {
        let k = clusters, d = dimension
        let centres = Matrix(rows: k, columns: d, values: centroids)
        // distances = -2 X C^T + |c|^2 (|x|^2 is the same for every centroid of a row).
        Matrix.multiply(data, transposed: false, centres, transposed: true, into: distances, alpha: -2)
        let norms = (0..<k).map { Float(Self.squaredDistance(centres.row($0), nil, d)) }
        var changed = false
        for i in 0..<data.rows {
            let row = distances.row(i)
            var best = 0
            for j in 1..<k where row[j] + norms[j] < row[best] + norms[best] { best = j }
            let current = assignments[i]
            guard best != current else { continue }
            if initial || Self.squaredDistance(data.row(i), centres.row(best), d)
                < Self.squaredDistance(data.row(i), centres.row(current), d) {
                assignments[i] = best
                changed = true
            }
        }
        return changed
    }

    /// Each centroid becomes the mean of its points (an empty cluster keeps its centroid).
    mutating func update(_ data: Matrix) {
        let d = dimension
        var sums = [Double](repeating: 0, count: clusters * d)
        var counts = [Int](repeating: 0, count: clusters)
        for i in 0..<data.rows {
            let c = assignments[i], row = data.row(i)
            counts[c] += 1
            for j in 0..<d { sums[c * d + j] += Double(row[j]) }
        }
        for c in 0..<clusters where counts[c] > 0 {
            for j in 0..<d { centroids[c * d + j] = Float(sums[c * d + j] / Double(counts[c])) }
        }
    }

    /// Sum over points of the squared distance to their centroid, in Double.
    func objective(_ data: Matrix) -> Double {
        centroids.withUnsafeBufferPointer { centres in
            (0..<data.rows).reduce(0.0) { total, i in
                total + Self.squaredDistance(data.row(i), centres.baseAddress! + assignments[i] * dimension, dimension)
            }
        }
    }

    /// `|a - b|^2` in Double (`b` nil: `|a|^2`).
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>?, _ d: Int) -> Double {
        var total = 0.0
        for j in 0..<d {
            let difference = Double(a[j]) - (b.map { Double($0[j]) } ?? 0)
            total += difference * difference
        }
        return total
    }

    /// The index of the centroid nearest `point` (`dimension` values), by exact distance.
    public func nearest(to point: UnsafePointer<Float>) -> Int {
        centroids.withUnsafeBufferPointer { Self.nearest(to: point, centroids: $0.baseAddress!, count: clusters, dimension: dimension) }
    }

    /// The index of the nearest of `count` centroids (row-major, `dimension` each).
    public static func nearest(to point: UnsafePointer<Float>, centroids: UnsafePointer<Float>, count: Int,
                               dimension: Int) -> Int {
        var best = 0, bestDistance = Double.infinity
        for c in 0..<count {
            let distance = squaredDistance(point, centroids + c * dimension, dimension)
            if distance < bestDistance { best = c; bestDistance = distance }
        }
        return best
    }
}

import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Push-T's reward signal: the share of the goal area covered by the block.
///
/// `coverage = area(block ∩ goal) / area(goal)`, computed exactly as the sum over all
/// (block part, goal part) pairs of the area of their convex intersection
/// (Sutherland–Hodgman clipping). This equals the reference's shapely result to about
/// 1e-15 as long as the parts of the block do not overlap, which scenes are checked for.
public struct Coverage: Sendable {
    /// Parts of the block in body coordinates.
    public let parts: [Polygon]
    /// Goal parts in world coordinates.
    public let goalParts: [[Vec2]]
    public let goalArea: Double

    public init(parts: [Polygon], goalOrigin: Vec2, goalAngle: Double) {
        self.parts = parts
        let goal = Transform(rotation: Vec2(cos(goalAngle), sin(goalAngle)), translation: goalOrigin)
        goalParts = parts.map { $0.vertices.map(goal.apply) }
        goalArea = parts.reduce(0) { $0 + $1.area }
    }

    /// Coverage of the goal by the block with its origin at `origin`, turned by `angle`.
    public func callAsFunction(origin: Vec2, angle: Double) -> Double {
        let t = Transform(rotation: Vec2(cos(angle), sin(angle)), translation: origin)
        var covered = 0.0
        withUnsafeTemporaryAllocation(of: Vec2.self, capacity: 64) { scratch in
            let block = scratch.baseAddress!
            let bufferA = block + 16, bufferB = block + 40
            for part in parts {
                let n = part.vertices.count
                for i in 0..<n { block[i] = t.apply(part.vertices[i]) }
                for goal in goalParts {
                    covered += Self.intersectionArea(block, n, goal, bufferA, bufferB)
                }
            }
        }
        return covered / goalArea
    }

    /// Area of the intersection of two convex polygons with positive signed area.
    /// `a` has `count` vertices; `bufferA` and `bufferB` hold at least 24 points each.
    static func intersectionArea(_ a: UnsafeMutablePointer<Vec2>, _ count: Int, _ clip: [Vec2],
                                 _ bufferA: UnsafeMutablePointer<Vec2>, _ bufferB: UnsafeMutablePointer<Vec2>) -> Double {
        var input = bufferA, output = bufferB
        for i in 0..<count { input[i] = a[i] }
        var inputCount = count
        let m = clip.count
        for e in 0..<m {
            let p = clip[e], q = clip[(e + 1) % m]
            let edge = q - p
            var outputCount = 0
            guard inputCount > 0 else { break }
            var s = input[inputCount - 1]
            var sInside = edge.cross(s - p) >= 0
            for k in 0..<inputCount {
                let v = input[k]
                let vInside = edge.cross(v - p) >= 0
                if vInside != sInside {
                    // Intersection of segment s-v with the clip line.
                    let ds = edge.cross(s - p), dv = edge.cross(v - p)
                    output[outputCount] = s + (v - s) * (ds / (ds - dv))
                    outputCount += 1
                }
                if vInside {
                    output[outputCount] = v
                    outputCount += 1
                }
                s = v
                sInside = vInside
            }
            swap(&input, &output)
            inputCount = outputCount
        }
        guard inputCount >= 3 else { return 0 }
        var twiceArea = 0.0
        for k in 0..<inputCount { twiceArea += input[k].cross(input[(k + 1) % inputCount]) }
        return abs(0.5 * twiceArea)
    }
}

import Physics2D

/// A polyline of pusher targets (world units) with a speed per segment (world units per
/// environment step). The expert's chunk is this path sampled once per step.
struct TargetPath: Sendable {
    private(set) var points: [Vec2]
    /// `speeds[i]` is the speed along the segment from `points[i]` to `points[i + 1]`.
    private(set) var speeds: [Double] = []

    init(start: Vec2) {
        points = [start]
        points.reserveCapacity(24)
        speeds.reserveCapacity(24)
    }

    var end: Vec2 { points[points.count - 1] }

    /// Appends a segment to `point`; zero-length segments are dropped.
    mutating func append(_ point: Vec2, speed: Double) {
        guard (point - end).lengthSquared > 1e-18 else { return }
        points.append(point)
        speeds.append(speed)
    }

    /// A position on the path: segment index and distance along it.
    struct Cursor {
        var segment = 0
        var offset = 0.0
    }

    /// The cursor `distance` units along the path from its start (clamped to the end).
    func cursor(atDistance distance: Double) -> Cursor {
        var c = Cursor()
        var left = max(0, distance)
        while c.segment < speeds.count {
            let length = (points[c.segment + 1] - points[c.segment]).length
            if left <= length { c.offset = left; return c }
            left -= length
            c.segment += 1
        }
        return c
    }

    /// The cursor nearest to `point` among path positions at most `limit` units from the start.
    func nearestCursor(to point: Vec2, within limit: Double) -> Cursor {
        var best = Cursor(), bestDistance = (point - points[0]).lengthSquared
        var travelled = 0.0
        for i in speeds.indices where travelled < limit {
            let a = points[i], b = points[i + 1]
            let length = (b - a).length
            let t = min(max((point - a).dot(b - a) / (length * length), 0), min(1, (limit - travelled) / length))
            let d = (a + (b - a) * t - point).lengthSquared
            if d < bestDistance {
                bestDistance = d
                best = t >= 1 ? Cursor(segment: i + 1, offset: 0) : Cursor(segment: i, offset: t * length)
            }
            travelled += length
        }
        return best
    }

    /// Moves the cursor by one environment step of time at the segments' speeds.
    func advance(_ c: inout Cursor) {
        var time = 1.0
        while c.segment < speeds.count, time > 0 {
            let length = (points[c.segment + 1] - points[c.segment]).length
            let reach = speeds[c.segment] * time
            if c.offset + reach <= length {
                c.offset += reach
                return
            }
            time -= (length - c.offset) / speeds[c.segment]
            c.segment += 1
            c.offset = 0
        }
    }

    func point(_ c: Cursor) -> Vec2 {
        guard c.segment < speeds.count else { return end }
        let a = points[c.segment], b = points[c.segment + 1]
        return a + (b - a).normalized * c.offset
    }

    /// True once the cursor is at the end of the path.
    func isAtEnd(_ c: Cursor) -> Bool { c.segment >= speeds.count }
}

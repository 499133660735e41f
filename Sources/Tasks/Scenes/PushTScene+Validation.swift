import Physics2D

extension PushTScene {
    /// Largest vertex count of one block part (coverage clips in fixed buffers).
    public static let maxPartVertices = 12

    /// Checks what decoding cannot: convex, non-degenerate, non-overlapping block parts;
    /// positive masses and timings; well-formed reset ranges.
    public func validate() throws(SceneError) {
        guard task == "pusht" else { throw SceneError(path: ["task"], "a Push-T scene has task 'pusht', got '\(task)'") }
        func positive(_ value: Double, _ path: [String]) throws(SceneError) {
            guard value.isFinite, value > 0 else { throw SceneError(path: path, "must be positive, got \(value)") }
        }
        try positive(size, ["size"])
        try positive(physics.dt, ["physics", "dt"])
        guard physics.substeps >= 1 else { throw SceneError(path: ["physics", "substeps"], "must be at least 1") }
        guard physics.iterations >= 1 else { throw SceneError(path: ["physics", "iterations"], "must be at least 1") }
        guard physics.damping >= 0, physics.damping <= 1 else {
            throw SceneError(path: ["physics", "damping"], "must be in [0, 1], got \(physics.damping)")
        }
        try positive(agent.radius, ["agent", "radius"])
        try positive(block.mass, ["block", "mass"])
        try positive(block.moment, ["block", "moment"])
        guard maxSteps >= 1 else { throw SceneError(path: ["maxSteps"], "must be at least 1") }
        guard goal.successThreshold > 0, goal.successThreshold <= 1 else {
            throw SceneError(path: ["goal", "successThreshold"], "must be in (0, 1], got \(goal.successThreshold)")
        }
        guard !block.parts.isEmpty else { throw SceneError(path: ["block", "parts"], "the block needs at least one part") }

        var polygons: [Polygon] = []
        for (index, vertices) in block.parts.enumerated() {
            guard vertices.count <= Self.maxPartVertices else {
                throw SceneError(path: ["block", "parts", String(index)],
                                 "part \(index) has \(vertices.count) vertices; at most \(Self.maxPartVertices) are supported, split it")
            }
            do {
                polygons.append(try Polygon(vertices))
            } catch {
                throw SceneError(path: ["block", "parts", String(index)], "part \(index) of the block: \(error)")
            }
        }
        // Coverage sums the overlaps of part pairs, which is exact only when the parts
        // do not overlap each other.
        let coverage = Coverage(parts: polygons, goalOrigin: .zero, goalAngle: 0)
        for i in polygons.indices {
            for j in polygons.indices where j > i {
                let overlap = coverage.overlapArea(coverage.goalParts[i], coverage.goalParts[j])
                if overlap > 1e-9 * max(polygons[i].area, polygons[j].area) {
                    throw SceneError(path: ["block", "parts", String(j)],
                                     "part \(j) overlaps part \(i) (area \(overlap)); parts must only touch")
                }
            }
        }
        for (key, range) in [("agentRange", reset.agentRange), ("blockRange", reset.blockRange),
                             ("angleRange", reset.angleRange)] {
            guard range.count == 2, range[0] < range[1] else {
                throw SceneError(path: ["reset", key], "must be [lower, upper] with lower < upper")
            }
        }
    }
}

extension Coverage {
    /// Area of the intersection of two convex polygons in world coordinates.
    func overlapArea(_ a: [Vec2], _ b: [Vec2]) -> Double {
        withUnsafeTemporaryAllocation(of: Vec2.self, capacity: 64) { scratch in
            let p = scratch.baseAddress!
            for (i, v) in a.enumerated() { p[i] = v }
            return Coverage.intersectionArea(p, a.count, b, p + 16, p + 40)
        }
    }
}

/// Labels a reach trajectory by its elbow sign at the end and, with an obstacle, by the
/// side of the straight joint-space path it went around on (the sign of the area swept
/// between the path taken and the straight one).
public enum ReachModes {
    public static func classify(_ observations: [[Double]], hasObstacle: Bool) -> String? {
        guard let first = observations.first, let last = observations.last else { return nil }
        let elbow = last[1] >= 0 ? "elbow+" : "elbow-"
        guard hasObstacle else { return elbow }
        let d = ReachEnvironment.jointDifference([last[0], last[1]], [first[0], first[1]])
        var area = 0.0
        for o in observations {
            let e = ReachEnvironment.jointDifference([o[0], o[1]], [first[0], first[1]])
            area += d[0] * e[1] - d[1] * e[0]
        }
        return elbow + (area >= 0 ? " side+" : " side-")
    }
}

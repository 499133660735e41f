import Physics2D

/// A planar two-link arm reaching for a target (see `specs/reach.md`). Same world
/// conventions as Push-T: 512 x 512 units, y down, 100 Hz physics, 10 Hz control.
///
/// Reward (for RL): `-distance / 250` per step and `+1` on success.
public struct ReachScene: Codable, Hashable, Sendable {
    public struct Link: Codable, Hashable, Sendable {
        public var length: Double
        public var width = 10.0
        public var mass = 1.0
        public init(length: Double) { self.length = length }
    }

    /// Joint PD control toward target angles: `tau = kp (q* - q) - kd dq`, clamped.
    public struct Control: Codable, Hashable, Sendable {
        public var kp: [Double] = [2.0e6, 6.0e5]
        public var kd: [Double] = [3.0e5, 8.0e4]
        public var maxTorque: [Double] = [3.0e6, 1.0e6]
        public init() {}
    }

    /// A static obstacle: a disc the links collide with.
    public struct Obstacle: Codable, Hashable, Sendable {
        public var center: Vec2
        public var radius: Double
        public init(center: Vec2, radius: Double) {
            self.center = center
            self.radius = radius
        }
    }

    /// The task family this scene file is for; always `reach` here.
    public var task = "reach"
    public var name = "reach"
    public var size = 512.0
    public var dt = 0.01
    public var substeps = 10
    public var iterations = 10
    public var base = Vec2(256, 256)
    public var links = [Link(length: 150), Link(length: 120)]
    public var control = Control()
    /// Targets are drawn uniformly (by area) in this annulus around the base.
    public var targetRadius: [Double] = [60, 250]
    public var targetDisplayRadius = 10.0
    public var obstacle: Obstacle?
    /// Success: end effector within this distance of the target...
    public var successDistance = 8.0
    /// ...and moving slower than this (units/s).
    public var successSpeed = 20.0
    public var maxSteps = 100

    public init() {}
}

extension ReachScene {
    /// Checks what decoding cannot.
    public func validate() throws(SceneError) {
        guard task == "reach" else { throw SceneError(path: ["task"], "a reach scene has task 'reach', got '\(task)'") }
        guard links.count == 2 else { throw SceneError(path: ["links"], "the arm has exactly 2 links, got \(links.count)") }
        for (i, link) in links.enumerated() {
            guard link.length > 0, link.width > 0, link.mass > 0 else {
                throw SceneError(path: ["links", String(i)], "length, width and mass must be positive")
            }
        }
        guard dt > 0, dt.isFinite else { throw SceneError(path: ["dt"], "must be positive, got \(dt)") }
        guard substeps >= 1 else { throw SceneError(path: ["substeps"], "must be at least 1") }
        for key in ["kp", "kd", "maxTorque"] {
            let values = key == "kp" ? control.kp : key == "kd" ? control.kd : control.maxTorque
            guard values.count == 2, values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw SceneError(path: ["control", key], "needs 2 non-negative numbers, one per joint")
            }
        }
        guard targetRadius.count == 2, targetRadius[0] >= 0, targetRadius[0] < targetRadius[1] else {
            throw SceneError(path: ["targetRadius"], "must be [inner, outer] with inner < outer")
        }
        guard targetRadius[1] <= links[0].length + links[1].length else {
            throw SceneError(path: ["targetRadius"], "outer radius \(targetRadius[1]) is beyond the arm's reach \(links[0].length + links[1].length)")
        }
        if let obstacle, !(obstacle.radius > 0) {
            throw SceneError(path: ["obstacle", "radius"], "must be positive, got \(obstacle.radius)")
        }
        guard maxSteps >= 1 else { throw SceneError(path: ["maxSteps"], "must be at least 1") }
    }
}

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

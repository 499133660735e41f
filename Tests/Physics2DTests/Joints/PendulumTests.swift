import Testing
import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pendulum on a revolute joint against the analytic period, and the joint's drift.
@Suite struct PendulumTests {
    static let gravity = 100.0
    static let length = 50.0
    static let radius = 1.0
    static let amplitude = 0.05  // rad
    /// dt 1/60 gives about 270 steps per period.
    static let dt = 1.0 / 60
    static let steps = 10_000

    struct Swing {
        var period: Double
        var worstDrift: Double
    }

    /// A disc of radius 1 hung 50 units below a static pivot (y down), released at rest
    /// `amplitude` rad from vertical and stepped 10,000 times. The period is the mean
    /// spacing of the bob's upward-to-downward crossings of the vertical (linearly
    /// interpolated between steps) over all full periods.
    static func swing() throws -> Swing {
        var world = Scene.world(gravity: Vec2(0, gravity))
        let pivot = try world.addBody(.static)
        let bob = try world.addDynamicCircle(center: Vec2(length * sin(amplitude), length * cos(amplitude)),
                                             radius: radius)
        let joint = try world.addRevoluteJoint(pivot, bob, pivot: .zero)
        var crossings: [Double] = []
        var previousX = world.body(bob).position.x
        var worstDrift = 0.0
        for step in 1...steps {
            try world.step(dt)
            let x = world.body(bob).position.x
            if previousX > 0 && x <= 0 {
                crossings.append(dt * (Double(step - 1) + previousX / (previousX - x)))
            }
            previousX = x
            worstDrift = max(worstDrift, world.joints[joint].drift(bodies: world.bodies))
        }
        let period = (crossings.last! - crossings.first!) / Double(crossings.count - 1)
        return Swing(period: period, worstDrift: worstDrift)
    }

    /// The physical-pendulum period T = 2 pi sqrt(I_pivot / (m g d)) with
    /// I_pivot = m (r^2 / 2 + L^2) and d = L, times the finite-amplitude factor
    /// 1 + theta0^2 / 16 (1.6e-4 at 0.05 rad).
    static var analyticPeriod: Double {
        let inertiaPerMass = radius * radius / 2 + length * length
        let small = 2 * Double.pi * (inertiaPerMass / (gravity * length)).squareRoot()
        return small * (1 + amplitude * amplitude / 16)
    }

    @Test func periodMatchesTheAnalyticPeriodAndJointDriftStaysSmall() throws {
        let swing = try Self.swing()
        let error = abs(swing.period - Self.analyticPeriod) / Self.analyticPeriod
        print("pendulum: period \(swing.period) s, analytic \(Self.analyticPeriod) s,",
              "relative error \(error); worst joint drift \(swing.worstDrift) over \(Self.steps) steps")
        #expect(error < 0.01, "period \(swing.period) vs \(Self.analyticPeriod)")
        #expect(swing.worstDrift < 0.01, "joint drift \(swing.worstDrift)")
    }
}

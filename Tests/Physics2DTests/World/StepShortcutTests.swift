import Testing
import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `World.step` keeps its `pow` factors between steps and skips the rotation of bodies
/// that do not turn. Both shortcuts must give exactly what recomputing gives.
@Suite struct StepShortcutTests {
    /// A new damping or a new `dt` takes effect on the very next step: the kept factors
    /// are recomputed, not reused.
    @Test func changedDampingAndStepSizeTakeEffectAtOnce() throws {
        var world = Scene.world()
        let box = try world.addDynamicBox(center: Vec2(0, 0), width: 10, height: 10)
        try world.setVelocity(box, Vec2(30, -20), angular: 0.5)
        try world.step(0.01)
        #expect(world.body(box).velocity == Vec2(30, -20), "damping 1 keeps the velocity")

        world.settings.damping = 0.5
        try world.step(0.01)
        let factor = pow(0.5, 0.01)
        #expect(world.body(box).velocity == Vec2(30 * factor, -20 * factor))

        try world.step(0.02)
        let factor2 = pow(0.5, 0.02)
        #expect(world.body(box).velocity == Vec2(30 * factor * factor2, -20 * factor * factor2))
        #expect(world.body(box).angularVelocity == 0.5 * factor * factor2)
    }

    /// A body that moves without turning keeps a transform bit-identical to the one built
    /// from its pose, and so does a body that turns.
    @Test func transformsMatchTheirPoses() throws {
        var world = Scene.world()
        let sliding = try world.addDynamicBox(center: Vec2(3, 4), width: 10, height: 6, angle: 0.7)
        let turning = try world.addDynamicBox(center: Vec2(-40, 9), width: 8, height: 8, angle: -0.2)
        try world.setVelocity(sliding, Vec2(13.7, -2.9), angular: 0)
        try world.setVelocity(turning, Vec2(-1.5, 6.25), angular: 0.81)
        for _ in 0..<200 { try world.step(1.0 / 60) }
        for id in [sliding, turning] {
            let b = world.body(id)
            let rebuilt = Transform(centerOfGravityAt: b.position, angle: b.angle, centerOfGravity: b.centerOfGravity)
            #expect(b.transform == rebuilt)
        }
        #expect(world.body(sliding).angle == 0.7)
        #expect(world.body(turning).angle != -0.2)
    }
}

import Testing
@testable import Physics2D

@Suite struct Vec2Tests {
    @Test func rotationRoundTrips() {
        let r = Vec2.unit(angle: 0.7)
        let v = Vec2(3, -4)
        let back = v.rotated(by: r).unrotated(by: r)
        #expect(abs(back.x - v.x) < 1e-12 && abs(back.y - v.y) < 1e-12)
    }
}

import Testing
import Physics2D

/// Collision filters with Chipmunk's rules: a shared non-zero group never collides;
/// otherwise each shape's categories must be in the other's mask.
@Suite struct CollisionFilterTests {
    static let dt = 1.0 / 60

    /// Two overlapping dynamic boxes; returns whether they touched in `steps` steps.
    static func overlappingBoxesTouch(_ a: CollisionFilter, _ b: CollisionFilter) throws -> Bool {
        var world = Scene.world()
        let first = try world.addDynamicBox(center: .zero, width: 10, height: 10, filter: a)
        let second = try world.addDynamicBox(center: Vec2(6, 0), width: 10, height: 10, filter: b)
        try world.step(Self.dt)
        return world.touches(first) && world.touches(second)
    }

    @Test func defaultFiltersCollide() throws {
        #expect(try Self.overlappingBoxesTouch(.all, .all))
        #expect(try Self.overlappingBoxesTouch(CollisionFilter(group: 0), CollisionFilter(group: 0)))
        #expect(try Self.overlappingBoxesTouch(CollisionFilter(group: 1), CollisionFilter(group: 2)))
    }

    @Test func sameNonZeroGroupNeverCollides() throws {
        #expect(try !Self.overlappingBoxesTouch(CollisionFilter(group: 3), CollisionFilter(group: 3)))
    }

    /// Both shapes must accept each other: A's categories in B's mask *and* B's in A's.
    @Test func categoriesAndMasks() throws {
        let player = CollisionFilter(categories: 0b01, mask: 0b10)
        let enemy = CollisionFilter(categories: 0b10, mask: 0b01)
        let ghost = CollisionFilter(categories: 0b100, mask: .max)
        #expect(try Self.overlappingBoxesTouch(player, enemy))
        #expect(try !Self.overlappingBoxesTouch(player, player))
        #expect(try !Self.overlappingBoxesTouch(player, ghost), "ghost accepts player, player rejects ghost")
        #expect(try !Self.overlappingBoxesTouch(ghost, player))
        #expect(try !Self.overlappingBoxesTouch(CollisionFilter(mask: 0), .all))
    }

    /// Two links of an arm share a group and a pivot at their middles, crossed like
    /// scissors so they overlap all the time: they never touch each other, yet both
    /// are stopped by a wall (which is in no group) when the arm is thrown at it.
    @Test func armLinksPassThroughEachOtherButHitAWall() throws {
        var world = Scene.world()
        let arm = CollisionFilter(group: 1)
        let wall = try world.addStaticBox(center: Vec2(60, 0), width: 10, height: 200)
        let upper = try world.addDynamicBox(center: .zero, width: 40, height: 4, angle: 0.5, filter: arm)
        let lower = try world.addDynamicBox(center: .zero, width: 40, height: 4, angle: -0.5, filter: arm)
        try world.addRevoluteJoint(upper, lower, pivot: .zero)
        for link in [upper, lower] { try world.setVelocity(link, Vec2(120, 0), angular: 0) }
        var linksTouched = false
        var wallHits = Set<Int>()
        for _ in 0..<90 {
            try world.step(Self.dt)
            for c in world.contacts {
                let bodies = Set([world.shape(c.shapeA).body, world.shape(c.shapeB).body])
                if bodies == [upper.index, lower.index] { linksTouched = true }
                if bodies.contains(wall.index) { wallHits.formUnion(bodies.subtracting([wall.index])) }
            }
        }
        #expect(!linksTouched)
        #expect(wallHits == [upper.index, lower.index], "links that hit the wall: \(wallHits)")
        // Frictionless, the scissors fold flat against the wall; neither link gets in.
        for link in [upper, lower] {
            #expect(world.body(link).position.x < 55, "a link went into the wall")
        }
    }
}

import Testing
import Physics2D

/// Bit-for-bit determinism and the value semantics of `World` (copies are snapshots).
@Suite struct DeterminismTests {
    static let dt = 1.0 / 60

    static func hashes(_ world: inout World, steps: Int) throws -> [UInt64] {
        var result: [UInt64] = []
        for _ in 0..<steps {
            try world.step(dt)
            result.append(world.stateHash)
        }
        return result
    }

    /// Two worlds built and stepped the same way agree on every step's hash.
    @Test func identicalRunsGiveIdenticalHashes() throws {
        var first = try Scene.busy(), second = try Scene.busy()
        let a = try Self.hashes(&first, steps: 240)
        let b = try Self.hashes(&second, steps: 240)
        #expect(a == b)
        // The scene is busy, so the hash is not trivially constant.
        #expect(Set(a).count == a.count)
        #expect(first.contactCount >= 8)
    }

    /// The hash sees a one-ulp change of a single velocity.
    @Test func hashDetectsTheSmallestChange() throws {
        var world = try Scene.busy()
        try world.run(60, dt: Self.dt)
        var nudged = world
        let body = BodyID(4)
        let v = world.body(body).velocity
        try nudged.setVelocity(body, Vec2(v.x.nextUp, v.y))
        #expect(nudged.stateHash != world.stateHash)
    }

    /// `let copy = world` mid-simulation (contacts and warm-starting state included) is a
    /// snapshot: stepping it leaves the original untouched, and stepping both the same
    /// way keeps them identical, exactly as an uninterrupted run.
    @Test func copiedWorldIsASnapshot() throws {
        var world = try Scene.busy()
        try world.run(90, dt: Self.dt)
        #expect(world.contactCount > 0)
        let before = world.stateHash
        let copy = world

        var stepped = copy
        let copyHashes = try Self.hashes(&stepped, steps: 120)
        #expect(world.stateHash == before, "stepping a copy changed the original")
        #expect(copy.stateHash == before)
        #expect(world.stepCount == 90 && stepped.stepCount == 210)

        let originalHashes = try Self.hashes(&world, steps: 120)
        #expect(originalHashes == copyHashes)

        var uninterrupted = try Scene.busy()
        try uninterrupted.run(210, dt: Self.dt)
        #expect(uninterrupted.stateHash == world.stateHash)
    }

    /// Mutating a copy (moving a body, removing one) does not reach the original.
    @Test func mutatingACopyLeavesTheOriginal() throws {
        var world = try Scene.busy()
        try world.run(30, dt: Self.dt)
        let before = world.stateHash, contacts = world.contacts
        var copy = world
        try copy.setOrigin(BodyID(3), Vec2(0, -500))
        try copy.removeBody(BodyID(4))
        #expect(world.stateHash == before)
        #expect(world.contacts == contacts)
        #expect(world.body(BodyID(3)).position != copy.body(BodyID(3)).position)
    }
}

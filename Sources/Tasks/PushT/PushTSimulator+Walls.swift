import Physics2D

/// A documented deviation from the reference: the block cannot tunnel through a wall.
///
/// The pusher is kinematic (infinite mass) and ignores the walls, which are static
/// (infinite mass too). A block wedged between them is an overlap no impulse can resolve;
/// the solver leaves the block with whatever velocity its last iteration gave it, at times
/// nearly 1,900 units/s, and the next substep moves it 19 units: more than a wall is
/// thick (4 units, a segment of radius 2). Past a wall's centre line the contact normal
/// turns outward and the wall pushes the block out of the world (pymunk, the reference,
/// does the same; measured in README "Reliability").
///
/// After every substep, a block vertex more than `maxWallPenetration` units beyond a
/// wall's inner face moves the block back along the wall's inward normal until it is that
/// deep, and the block's velocity loses its outward part. The clamp acts only on such
/// deep overlaps; ordinary contacts (slop of a unit or two) never reach it, so the
/// reference trajectories stay bit for bit (`PushTFidelityTests`, the Push-T reference data).
extension PushTSimulator {
    /// How far (units) a block vertex may be beyond a wall's inner face before the clamp acts.
    public static let maxWallPenetration = 10.0

    /// A wall as the clamp sees it: its segment, unit direction and the unit normal that
    /// points into the world (toward the scene's centre).
    struct WallFace: Sendable {
        var from: Vec2
        var direction: Vec2
        var inward: Vec2
        var length: Double
        var radius: Double
    }

    static func wallFaces(_ scene: PushTScene) -> [WallFace] {
        let centre = Vec2(scene.size / 2, scene.size / 2)
        return scene.walls.compactMap { wall in
            let along = wall.to - wall.from
            let length = along.length
            guard length > 0 else { return nil }
            let direction = along * (1 / length)
            var inward = direction.perp
            if (centre - wall.from).dot(inward) < 0 { inward = inward * -1 }
            return WallFace(from: wall.from, direction: direction, inward: inward, length: length, radius: wall.radius)
        }
    }

    /// The largest distance from the block's centre of gravity to any of its vertices.
    static func blockReach(_ scene: PushTScene) -> Double {
        scene.block.parts.joined().map { ($0 - scene.block.centerOfGravity).length }.max() ?? 0
    }

    /// Applies the clamp; returns whether it moved the block.
    @discardableResult
    mutating func keepBlockInsideWalls() throws(PhysicsError) -> Bool {
        // Fast path, every substep: no vertex can be that deep while the centre of gravity
        // is farther than `blockReach + radius - maxWallPenetration` inside every wall's line.
        let centre = world.bodies[block.index].position
        var near = false
        for face in wallFaces where (centre - face.from).dot(face.inward) < blockReach + face.radius - Self.maxWallPenetration {
            near = true
        }
        guard near else { return false }
        let body = world.bodies[block.index]
        var shift = Vec2.zero
        var velocity = body.velocity
        for face in wallFaces {
            var deepest = 0.0
            for part in scene.block.parts {
                for vertex in part {
                    let offset = body.transform.apply(vertex) + shift - face.from
                    let t = offset.dot(face.direction)
                    guard t >= -face.radius, t <= face.length + face.radius else { continue }
                    deepest = max(deepest, face.radius - offset.dot(face.inward))
                }
            }
            guard deepest > Self.maxWallPenetration else { continue }
            shift = shift + face.inward * (deepest - Self.maxWallPenetration)
            let outward = velocity.dot(face.inward)
            if outward < 0 { velocity = velocity - face.inward * outward }
        }
        guard shift.x != 0 || shift.y != 0 else { return false }
        try world.setOrigin(block, body.origin + shift)
        try world.setVelocity(block, velocity)
        return true
    }
}

import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A push primitive, defined in the block's frame so that it moves with the block.
struct PushPrimitive: Sendable, Hashable {
    /// Index into `BlockOutline.faces`.
    var face: Int
    /// Contact point: arclength along the face (world units).
    var contact: Double
    /// Push direction relative to the face's inward normal (radians).
    var direction: Double
    /// How far the target travels past first touch (world units).
    var length: Double
}

extension PushTExpert {
    /// What the expert reads from a state before planning.
    struct Situation {
        var agent: Vec2
        /// Pusher velocity, world units per second.
        var agentVelocity: Vec2
        var block: Transform
        /// Block centre of gravity (world) and raw angle.
        var center: Vec2
        var angle: Double
        /// Pose error `e` (world units).
        var error: Double
        var fine: Bool
        var pushSpeed: Double
        var holdSteps: Int
    }

    func situation(of sim: PushTSimulator) -> Situation {
        let body = sim.world.body(sim.block)
        let error = poseError(center: body.position, angle: body.angle)
        let fine = error < options.fineError
        return Situation(agent: sim.agentPosition, agentVelocity: sim.agentVelocity, block: body.transform,
                         center: body.position, angle: body.angle, error: error, fine: fine,
                         pushSpeed: fine ? options.finePushSpeed : options.pushSpeed, holdSteps: fine ? 2 : 1)
    }

    /// Where a push starts (the pre-contact point, `standoff` off the face) and the unit
    /// direction it goes, in world coordinates.
    func ray(_ p: PushPrimitive, _ s: Situation) -> (start: Vec2, direction: Vec2) {
        let face = outline.faces[p.face]
        let normal = s.block.applyToVector(face.normal)
        let start = s.block.apply(face.point(p.contact)) + normal * options.standoff
        let direction = (-normal).rotated(by: Vec2(cos(p.direction), sin(p.direction)))
        return (start, direction)
    }

    /// Distance the target travels along the ray before the pusher can touch the face.
    var approachGap: Double { options.standoff - scene.agent.radius }

    /// The target path of a primitive from the pusher's current position: transit to the
    /// ray (straight when the segment keeps clear of the block; otherwise in along the
    /// radius of the detour circle through the entry, reached directly when that is clear,
    /// else by going out to the circle and along its shorter arc), then the push to
    /// `length + approachGap` along the ray. The middle option keeps a pusher that cuts a
    /// corner near the block from being sent all the way back out.
    ///
    /// A pusher already on the ray (mid-push) joins it where it is, up to first touch, so
    /// the path of an ongoing push never backs off the face.
    func path(_ p: PushPrimitive, _ s: Situation) -> TargetPath {
        let (start, direction) = ray(p, s)
        let along = (s.agent - start).dot(direction)
        let entry = start + direction * min(max(along, 0), approachGap)
        let end = start + direction * (p.length + approachGap)
        var path = TargetPath(start: s.agent)

        // A pusher pressed against the block is nearer than `transitClearance`; let a
        // segment come as close as its ends already are.
        func clear(_ a: Vec2, _ b: Vec2) -> Bool {
            let ab = s.block.inverseApply(a), bb = s.block.inverseApply(b)
            let allowed = min(options.transitClearance, outline.distance(from: ab), outline.distance(from: bb)) - 0.5
            return outline.distance(fromSegment: ab, bb) >= allowed
        }
        if !clear(s.agent, entry) {
            // Detour: in to the entry along the radius through it; reach that radius
            // directly if the way is clear, else out to the circle and along its shorter arc.
            let c = s.center, r = options.transitRadius
            let into = c + (entry - c).normalized * r
            if !clear(s.agent, into) {
                let out = c + (s.agent - c).normalized * r
                path.append(out, speed: options.transitSpeed)
                let a0 = atan2(out.y - c.y, out.x - c.x)
                var sweep = atan2(into.y - c.y, into.x - c.x) - a0
                sweep = sweep - 2 * .pi * (sweep / (2 * .pi)).rounded()
                let pieces = Int((abs(sweep) / 0.2).rounded(.up))
                if pieces > 1 {
                    for k in 1..<pieces {
                        let a = a0 + sweep * Double(k) / Double(pieces)
                        path.append(c + Vec2(cos(a), sin(a)) * r, speed: options.transitSpeed)
                    }
                }
            }
            path.append(into, speed: options.transitSpeed)
        }
        path.append(entry, speed: options.transitSpeed)
        path.append(end, speed: s.pushSpeed)
        return path
    }

    /// Where on the path the target is now. A PD-driven pusher moving at `v` has its target
    /// about `(kv / kp) v` ahead of it, so the chunk starts from the path point nearest that
    /// implied target (searched over the first `3 * transitSpeed` units of path): it then
    /// continues the current motion instead of braking it.
    func lead(_ path: TargetPath, _ s: Situation) -> TargetPath.Cursor {
        let implied = s.agent + s.agentVelocity * (scene.agent.kv / scene.agent.kp)
        return path.nearestCursor(to: implied, within: 3 * options.transitSpeed)
    }

    /// The first `count` targets along a path.
    func targets(_ path: TargetPath, _ s: Situation, count: Int) -> [Vec2] {
        var cursor = lead(path, s)
        var result: [Vec2] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            path.advance(&cursor)
            result.append(path.point(cursor))
        }
        return result
    }
}

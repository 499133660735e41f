#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension World {
    /// Advances the world by `dt` seconds, in Chipmunk 7's order: integrate positions,
    /// find contacts, forget stale arbiters, pre-step constraints, integrate velocities
    /// (with damping), warm-start, then `iterations` rounds of sequential impulses.
    ///
    /// ## Fast bodies
    ///
    /// There is no continuous collision detection: contacts are found only at the poses
    /// reached at the end of each position update. A body moving at a wall is caught as long as it
    /// moves less than (its radius + the wall's half-thickness) per step,
    /// `|v| * dt < r + h`, where `r` is the body's radius (for a polygon, its half-extent
    /// along the motion) and `h` is the wall's half-thickness (a segment's radius, half
    /// of a box's thickness). Faster bodies may pass through, or end a step with their
    /// centre past the wall's middle and be pushed out on the far side.
    ///
    /// - Throws: `PhysicsError.invalidTimeStep` for a non-positive or non-finite `dt`;
    ///   `PhysicsError.diverged` if a body's state stops being finite, so that a NaN
    ///   never spreads silently.
    public mutating func step(_ dt: Double) throws(PhysicsError) {
        guard dt > 0, dt.isFinite else { throw .invalidTimeStep(dt: dt) }
        stepCount += 1
        let previous = previousDt
        previousDt = dt

        for i in activeArbiters where arbiters[i].state == .firstCollision {
            arbiters[i].state = .normal
        }
        activeArbiters.removeAll(keepingCapacity: true)

        integratePositions(dt: dt)
        findContacts()
        forgetStaleArbiters()

        if stepCoefficients.dt != dt || stepCoefficients.settings != settings {
            stepCoefficients = StepCoefficients(dt: dt, settings: settings)
        }
        let biasCoefficient = stepCoefficients.bias
        for i in activeArbiters {
            arbiters[i].preStep(bodies: bodies, dt: dt, slop: settings.collisionSlop, biasCoefficient: biasCoefficient)
        }
        for j in joints.indices { joints[j].preStep(bodies: bodies, dt: dt) }

        let damping = stepCoefficients.damping
        for i in bodies.indices where bodies[i].type == .dynamic && !bodies[i].isRemoved {
            bodies[i].integrateVelocity(gravity: settings.gravity, damping: damping, dt: dt)
        }

        let dtCoefficient = previous == 0 ? 0 : dt / previous
        for i in activeArbiters { arbiters[i].applyCachedImpulse(bodies: &bodies, dtCoefficient: dtCoefficient) }
        for j in joints.indices { joints[j].applyCachedImpulse(bodies: &bodies, dtCoefficient: dtCoefficient) }

        // The solver's inner loop borrows the storage once per step: per-call array
        // access (uniqueness and bounds checks) was a measurable share of Push-T's step.
        let active = activeArbiters, iterations = settings.iterations
        bodies.withUnsafeMutableBufferPointer { bodies in
            arbiters.withUnsafeMutableBufferPointer { arbiters in
                joints.withUnsafeMutableBufferPointer { joints in
                    for _ in 0..<iterations {
                        for i in active { arbiters[i].applyImpulse(bodies: bodies) }
                        for j in joints.indices { joints[j].applyImpulse(bodies: bodies, dt: dt) }
                    }
                }
            }
        }

        for i in bodies.indices where bodies[i].type != .static && !bodies[i].isRemoved {
            if !bodies[i].isFiniteState { throw .diverged(body: i) }
        }
    }

    private mutating func integratePositions(dt: Double) {
        for i in bodies.indices where bodies[i].type != .static && !bodies[i].isRemoved {
            bodies[i].integratePosition(dt: dt)
        }
        for s in shapes.indices where !shapes[s].isRemoved {
            let body = shapes[s].body
            if bodies[body].type != .static { shapes[s].update(bodies[body].transform) }
        }
    }

    /// Broad phase over precomputed candidate pairs, then the narrow phase.
    private mutating func findContacts() {
        if pairsNeedRebuild { rebuildCandidatePairs() }
        for p in candidatePairs.indices {
            let i = candidatePairs[p].shapeA, j = candidatePairs[p].shapeB
            guard shapes[i].bounds.overlaps(shapes[j].bounds) else {
                // Chipmunk's broad phase forgets a pair (and its GJK start) once the
                // boxes part; keep the same memory.
                candidatePairs[p].gjkCache = 0
                continue
            }
            let manifold = Collide.shapes(i, j, in: shapes, gjkCache: &candidatePairs[p].gjkCache)
            guard manifold.count > 0 else { continue }
            let index: Int
            if let slot = arbiterSlot(i, j) {
                index = slot
            } else {
                arbiters.append(Arbiter(shapeA: manifold.shapeA, shapeB: manifold.shapeB,
                                        bodyA: shapes[manifold.shapeA].body, bodyB: shapes[manifold.shapeB].body))
                index = arbiters.count - 1
            }
            arbiters[index].update(manifold, shapes: shapes, bodies: bodies, stamp: stepCount)
            activeArbiters.append(index)
        }
    }

    /// Marks arbiters that missed this step as cached and drops those past persistence.
    private mutating func forgetStaleArbiters() {
        var removedAny = false
        for i in arbiters.indices {
            let ticks = stepCount - arbiters[i].stamp
            if ticks >= 1 && arbiters[i].state != .cached { arbiters[i].state = .cached }
            if ticks >= settings.contactPersistence { removedAny = true }
        }
        guard removedAny else { return }
        // Compact, remapping the active indices (all active arbiters have ticks == 0).
        var remap = [Int](repeating: -1, count: arbiters.count)
        var kept = 0
        for i in arbiters.indices where stepCount - arbiters[i].stamp < settings.contactPersistence {
            remap[i] = kept
            arbiters[kept] = arbiters[i]
            kept += 1
        }
        arbiters.removeLast(arbiters.count - kept)
        for k in activeArbiters.indices { activeArbiters[k] = remap[activeArbiters[k]] }
    }

    private func arbiterSlot(_ i: Int, _ j: Int) -> Int? {
        for k in arbiters.indices {
            let a = arbiters[k]
            if (a.shapeA == i && a.shapeB == j) || (a.shapeA == j && a.shapeB == i) { return k }
        }
        return nil
    }

    /// Pairs that can ever produce a solved contact: different bodies, at least one of
    /// finite mass (Chipmunk never solves two infinite masses), filters that agree.
    private mutating func rebuildCandidatePairs() {
        candidatePairs.removeAll(keepingCapacity: true)
        for i in shapes.indices where !shapes[i].isRemoved {
            for j in (i + 1)..<shapes.count where !shapes[j].isRemoved {
                let a = shapes[i], b = shapes[j]
                if a.body == b.body { continue }
                if bodies[a.body].hasInfiniteMass && bodies[b.body].hasInfiniteMass { continue }
                if a.filter.rejects(b.filter) { continue }
                candidatePairs.append(CandidatePair(shapeA: i, shapeB: j))
            }
        }
        // Solve order matters when one body has several contacts. Chipmunk's order comes
        // from its bounding-box tree and changes as leaves move; pairs of two moving
        // bodies first, then pairs with static bodies, matches the Push-T reference
        // replays best of the fixed orders (see the fidelity tests).
        let bodies = self.bodies, shapes = self.shapes
        func touchesStatic(_ p: CandidatePair) -> Bool {
            bodies[shapes[p.shapeA].body].type == .static || bodies[shapes[p.shapeB].body].type == .static
        }
        candidatePairs = candidatePairs.filter { !touchesStatic($0) } + candidatePairs.filter(touchesStatic)
        pairsNeedRebuild = false
    }
}

/// The per-step factors that depend only on `dt` and the settings, kept between steps:
/// two `pow` calls were a twentieth of a Push-T expert's time.
struct StepCoefficients: Sendable {
    var dt = 0.0
    var settings = World.Settings()
    /// `1 - collisionBias^dt`: the share of overlap corrected per step.
    var bias = 0.0
    /// `damping^dt`: the velocity factor per step.
    var damping = 1.0

    init() {}

    init(dt: Double, settings: World.Settings) {
        self.dt = dt
        self.settings = settings
        bias = 1 - pow(settings.collisionBias, dt)
        damping = pow(settings.damping, dt)
    }
}

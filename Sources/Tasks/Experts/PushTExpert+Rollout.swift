import Physics2D

extension PushTExpert {
    /// Score of a candidate that reaches success: far below any cost, earlier is better.
    static let successScore = -1000.0

    /// Push lengths for pose error `e`: `clamp(e * factor, lengthRange)`, ascending, unique.
    func lengths(forError e: Double) -> [Double] {
        let lo = options.lengthRange[0], hi = options.lengthRange[1]
        var result: [Double] = []
        for f in options.lengthFactors.sorted() {
            let l = min(max(e * f, lo), hi)
            if result.last.map({ l > $0 + 1e-9 }) ?? true { result.append(l) }
        }
        return result
    }

    /// A copy of the simulator whose pusher may be tracked outside the world while it is
    /// far from the block: the block only moves while pushed, so the contact-free part of
    /// a transit needs only the PD recurrence of the pusher (exactly as the simulator runs it).
    private struct Rollout {
        var sim: PushTSimulator
        var agent: Vec2
        var velocity: Vec2
        var inWorld = false
        var steps = 0
        /// Earliest step with coverage above the threshold.
        var success: Int?

        var agentPosition: Vec2 { inWorld ? sim.agentPosition : agent }
    }

    /// Simulates the primitive at (`face`, `contact`, `direction`) for every length in
    /// `lengths` (ascending) from the exact state `sim`, sharing the common prefix: the
    /// longest push runs once and each shorter one forks where its target stops.
    ///
    /// - Returns: one score per length (`+infinity` if it could not be simulated):
    ///   `successScore + steps` if the block reaches success, else
    ///   `cost + stepCost * e * steps`.
    func scores(face: Int, contact: Double, direction: Double, lengths: [Double],
                from sim: PushTSimulator, _ s: Situation) -> [Double] {
        var scores = [Double](repeating: .infinity, count: lengths.count)
        guard let longest = lengths.last else { return scores }
        let primitive = PushPrimitive(face: face, contact: contact, direction: direction, length: longest)
        let path = self.path(primitive, s)
        let (start, along) = ray(primitive, s)
        var cursor = lead(path, s)
        var main = Rollout(sim: sim, agent: s.agent, velocity: s.agentVelocity)
        var next = 0
        do {
            while next < lengths.count, main.steps < options.maxRolloutSteps {
                if let k = main.success {
                    for i in next..<lengths.count { scores[i] = Self.successScore + Double(k) }
                    break
                }
                path.advance(&cursor)
                let target = path.point(cursor)
                if s.fine {
                    // Fork every shorter push whose end this step's target passes.
                    if cursor.segment >= path.speeds.count - 1 {
                        let reach = (target - start).dot(along)
                        while next < lengths.count, reach >= lengths[next] + approachGap - 1e-9 {
                            var fork = main
                            let end = start + along * (lengths[next] + approachGap)
                            for _ in 0...s.holdSteps { try step(&fork, toward: end, s) }
                            scores[next] = score(fork, s)
                            next += 1
                        }
                        if next == lengths.count { break }
                    }
                    try step(&main, toward: target, s)
                } else {
                    // Away from the goal a push of length L is read off the longest one
                    // when the pusher (kinematic, so unaffected by the block) gets there:
                    // quasi-static pushing makes the block's motion a function of the
                    // pusher's path, not of its speed.
                    try step(&main, toward: target, s)
                    guard cursor.segment >= path.speeds.count - 1 else { continue }
                    let reach = (main.agentPosition - start).dot(along)
                    while next < lengths.count, reach >= lengths[next] + approachGap - 2 {
                        scores[next] = score(main, s)
                        next += 1
                    }
                }
            }
        } catch {
            // A diverged rollout leaves the remaining lengths at +infinity.
        }
        return scores
    }

    private func score(_ r: Rollout, _ s: Situation) -> Double {
        if let k = r.success { return Self.successScore + Double(k) }
        let body = r.sim.world.body(r.sim.block)
        var cost = poseError(center: body.position, angle: body.angle)
        if s.fine { cost += keypointError(body.transform) }
        return cost + options.stepCost * s.error * Double(r.steps)
    }

    /// One environment step of a rollout toward `target`.
    private func step(_ r: inout Rollout, toward target: Vec2, _ s: Situation) throws(PhysicsError) {
        r.steps += 1
        if !r.inWorld {
            // Skip the world while the step's sweep of the pusher stays clear of the block.
            var moved = r
            pusherOnly(&moved, toward: target)
            let sweep = outline.distance(fromSegment: s.block.inverseApply(r.agent), s.block.inverseApply(moved.agent))
            if sweep > scene.agent.radius + 2 {
                r = moved
                return
            }
            try r.sim.setAgent(position: r.agent, velocity: r.velocity)
            r.inWorld = true
        }
        try r.sim.step(target: target)
        guard r.success == nil else { return }
        let body = r.sim.world.body(r.sim.block)
        // Exact coverage only where it can pass: a mean keypoint error above 2.7 units
        // never gave coverage above 0.95 in the study. The mean error is at least the
        // error of the keypoints' centroid, a cheaper first screen.
        if (body.transform.apply(keypointCenter) - goalKeypointCenter).length < 2.7,
           keypointError(body.transform) < 2.7,
           coverage(origin: body.origin, angle: body.angle) > scene.goal.successThreshold {
            r.success = r.steps
        }
    }

    /// The simulator's PD recurrence for the pusher alone (float32 target, then per
    /// substep `v += (kp (t - p) - kv v) dt; p += v dt`).
    private func pusherOnly(_ r: inout Rollout, toward target: Vec2) {
        let t = Vec2(Double(Float(target.x)), Double(Float(target.y)))
        let dt = scene.physics.dt, kp = scene.agent.kp, kv = scene.agent.kv
        var p = r.agent, v = r.velocity
        for _ in 0..<scene.physics.substeps {
            let acc = Vec2(kp * (t.x - p.x) + kv * (0 - v.x), kp * (t.y - p.y) + kv * (0 - v.y))
            v = v + acc * dt
            p = p + v * dt
        }
        r.agent = p
        r.velocity = v
    }
}

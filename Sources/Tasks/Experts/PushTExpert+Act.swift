import Physics2D

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PushTExpert {
    /// One simulated candidate.
    struct Candidate {
        var primitive: PushPrimitive
        var score: Double
    }

    /// What the expert decided in a state, for inspection and tests.
    public struct Decision: Sendable {
        /// The chunk: `horizon` absolute pusher targets (world units), one per future step.
        public var chunk: [Vec2]
        /// The face pushed on (index into `outline.faces`) and the blended primitive.
        public var face: Int
        public var contact: Double
        public var direction: Double
        public var length: Double
        /// Best score of the chosen face and the current pose error (world units).
        public var score: Double
        public var poseError: Double
        /// Number of candidates simulated.
        public var candidates: Int
        /// Best score of every face (`+infinity` where nothing could be simulated).
        public var faceScores: [Double]
    }

    /// The chunk of absolute targets from this exact simulator state (see `decide`).
    public func act(_ sim: PushTSimulator, preference: Preference = .none) -> [Vec2] {
        decide(sim, preference: preference).chunk
    }

    /// The chunk for a state observation `[agent x, agent y, block x, block y, angle]`
    /// (block origin, radians), with the pusher at rest and no contact history: labels
    /// states that exist only as observations (e.g. a learner's rollout for DAgger).
    public func act(observation: [Double], preference: Preference = .none) throws(PhysicsError) -> [Vec2] {
        var sim = try PushTSimulator(scene: scene)
        try sim.place(agent: Vec2(observation[0], observation[1]),
                      block: Vec2(observation[2], observation[3]), angle: observation[4])
        return act(sim, preference: preference)
    }

    /// Plans from the exact state: simulates every primitive, picks a face by score
    /// (hysteresis toward the face the pusher is at; Gumbel preference when randomised),
    /// then blends the primitives of that face with softmin weights.
    public func decide(_ sim: PushTSimulator, preference: Preference = .none) -> Decision {
        let s = situation(of: sim)
        let lengths = self.lengths(forError: s.error)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(outline.faces.count * 8 * options.directions.count * lengths.count)
        var faceBest = [Double](repeating: .infinity, count: outline.faces.count)
        for (f, face) in outline.faces.enumerated() {
            for u in face.contacts {
                for phi in options.directions {
                    let scores = self.scores(face: f, contact: u, direction: phi, lengths: lengths, from: sim, s)
                    for (l, score) in zip(lengths, scores) where score.isFinite {
                        candidates.append(Candidate(
                            primitive: PushPrimitive(face: f, contact: u, direction: phi, length: l), score: score))
                        faceBest[f] = min(faceBest[f], score)
                    }
                }
            }
        }
        // Blend within every face first: the face choice looks at where each face's
        // chunk would send the pusher.
        var plans: [(primitive: PushPrimitive, chunk: [Vec2])?] = outline.faces.indices.map { _ in nil }
        for f in outline.faces.indices where faceBest[f].isFinite {
            let primitive = blend(candidates.filter { $0.primitive.face == f }, s)
            plans[f] = (primitive, targets(path(primitive, s), s, count: options.horizon))
        }
        guard let face = chooseFace(faceBest, plans.map { $0?.chunk.first }, s, preference), let plan = plans[face] else {
            let hold = [Vec2](repeating: s.agent, count: options.horizon)
            return Decision(chunk: hold, face: -1, contact: 0, direction: 0, length: 0, score: .infinity,
                            poseError: s.error, candidates: candidates.count, faceScores: faceBest)
        }
        return Decision(chunk: plan.chunk, face: face, contact: plan.primitive.contact,
                        direction: plan.primitive.direction, length: plan.primitive.length, score: faceBest[face],
                        poseError: s.error, candidates: candidates.count, faceScores: faceBest)
    }

    /// Faces the pusher is at now: in front of the face's contact run and at most one
    /// pusher diameter off it.
    func engagedFaces(_ s: Situation) -> [Bool] {
        let p = s.block.inverseApply(s.agent)
        let reach = 2 * scene.agent.radius
        return outline.faces.map { face in
            let off = (p - face.origin).dot(face.normal), u = (p - face.origin).dot(face.tangent)
            guard let first = face.contacts.first, let last = face.contacts.last else { return false }
            return off > 0 && off < reach && u > first - options.contactSpacing && u < last + options.contactSpacing
        }
    }

    /// The face to push on: least score after hysteresis; when randomised, the least of
    /// `score - tau * gumbel` among faces within `3 tau` of the best.
    ///
    /// Hysteresis, all read from the state: a bonus for the face the pusher touches (if
    /// pushing there still improves the pose), and a momentum cost for faces whose first
    /// target would turn the moving pusher away from its current heading (a full reversal
    /// at transit speed costs one bonus). Without it a pusher between two faces of equal
    /// score chatters between them.
    func chooseFace(_ faceBest: [Double], _ firstTargets: [Vec2?], _ s: Situation, _ preference: Preference) -> Int? {
        let engaged = engagedFaces(s)
        let bonus = options.hysteresis * s.error + options.hysteresisFloor
        let speed = s.agentVelocity.length * scene.physics.dt * Double(scene.physics.substeps)
        let heading = s.agentVelocity.normalized
        let momentum = bonus * min(1, speed / options.transitSpeed)
        let adjusted = faceBest.indices.map { f -> Double in
            var score = faceBest[f]
            // Only a face that still improves keeps its pusher: creeping on with pushes that
            // do not help is how a re-planning pusher gets stuck.
            if engaged[f] && score < s.error { score -= bonus }
            if let target = firstTargets[f] {
                let turn = 1 - heading.dot((target - s.agent).normalized)
                score += momentum * turn / 2
            }
            return score
        }
        guard let best = adjusted.indices.filter({ adjusted[$0].isFinite }).min(by: { adjusted[$0] < adjusted[$1] })
        else { return nil }
        let tau = options.temperature * 0.1 * s.error
        guard tau > 0, preference.faceNoise.count == adjusted.count else { return best }
        let eligible = adjusted.indices.filter { adjusted[$0] <= adjusted[best] + 3 * tau }
        return eligible.min { adjusted[$0] - tau * preference.faceNoise[$0] < adjusted[$1] - tau * preference.faceNoise[$1] }
    }

    /// Softmin-weighted mean of the primitives of one face (contact, direction, length).
    func blend(_ candidates: [Candidate], _ s: Situation) -> PushPrimitive {
        let best = candidates.map(\.score).min()!
        let tau = max(options.smoothing * s.error, options.smoothingFloor)
        var w = 0.0, contact = 0.0, direction = 0.0, length = 0.0
        for c in candidates {
            let weight = exp(-(c.score - best) / tau)
            w += weight
            contact += weight * c.primitive.contact
            direction += weight * c.primitive.direction
            length += weight * c.primitive.length
        }
        return PushPrimitive(face: candidates[0].primitive.face, contact: contact / w,
                             direction: direction / w, length: length / w)
    }
}

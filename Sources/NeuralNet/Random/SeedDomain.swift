/// The named streams that every random draw of the project comes from.
///
/// A domain turns a user's seed (and an index, for per-episode streams) into the seed of
/// one `RandomSource`. Keeping them in one place keeps streams disjoint (evaluation
/// episodes never replay demonstration episodes) and makes each derivation findable. The
/// constants are arbitrary but fixed: changing one changes every result drawn from it,
/// so they stay as they were first published.
public enum SeedDomain: Sendable, CaseIterable {
    /// Expert demonstration episode `index` of a run seed.
    case demonstrationEpisode
    /// Evaluation episode `index` (its reset) of an evaluation seed.
    case evaluationEpisode
    /// An evaluation episode's initial noise, from that episode's seed.
    case evaluationNoise
    /// The base seed of DAgger round `index` of a run seed.
    case daggerRound
    /// DAgger episode `index` (its reset) of a round's base seed.
    case daggerEpisode
    /// A DAgger episode's initial noise, from that episode's seed.
    case daggerNoise
    /// A DAgger episode's draws of who acts (expert or learner) at each replan.
    case daggerMixing
    /// DDPM's posterior noise, one stream per controller (shared by its batch).
    case posteriorNoise
    /// A new policy's initial weights, from the run seed.
    case policyInitialisation
    /// Behaviour cloning's minibatches, diffusion times and noise, from the run seed.
    case minibatches
    /// Reinforcement learning: the initial weights of the actor and critics, from the run seed.
    case rlNetworks
    /// Reinforcement learning: the generator of the gradient steps (replay minibatch indices
    /// and the actor's reparameterisation noise inside an update), from the run seed.
    case rlUpdates
    /// Reinforcement learning: the actor's exploration noise when acting in the environment,
    /// from the run seed (or an episode's seed).
    case rlActing
    /// Steering (RL fine-tuning) episode `index` (its reset) of a run seed.
    case steeringEpisode
    /// A steering episode's own noise stream (the base policy's noise under residual RL),
    /// from that episode's seed.
    case steeringNoise
    /// Noise stream `index` >= 1 of an evaluation episode (stream 0 is `evaluationNoise`),
    /// from that episode's environment seed: the alternatives a steerability test tries.
    case evaluationNoiseStream
    /// RTI's re-noising of a warm-started chunk, one stream per episode, from that
    /// episode's noise seed.
    case warmStartNoise
    /// The live viewer's extra sampled chunk `index` (1, 2, ...) of an episode, from that
    /// episode's noise seed (sample 0 is the episode's own stream, as in evaluation).
    case viewerSample
    /// k-means++ seeding of an anchored policy's anchors, from the run seed.
    case anchorClustering
    /// An anchored policy's draws of which anchor's chunk to execute (when sampling from
    /// the score softmax), one stream per episode, from that episode's noise seed.
    case anchorChoice
    /// Composition's weight search: validation episode `index` (its reset) of a repeat's
    /// test seed; disjoint from the evaluation protocol's test episodes.
    case compositionValidation
    /// Composition's loss pre-filter: the held-out expert episodes' base seed (from the
    /// composition seed), and the noise of its denoising loss (from that base seed).
    case compositionHeldOut
    /// The random actions, resets and scenes of physics fuzzing (the `fuzz` benchmark),
    /// from a fixed seed.
    case physicsFuzz

    /// The seed of this domain's generator for `base` (and `index` where the domain has one).
    public func seed(_ base: UInt64, index: Int = 0) -> UInt64 {
        switch self {
        case .demonstrationEpisode: Self.episode(base, index)
        case .evaluationEpisode: Self.episode(base ^ 0xE7A1_5EED_0000_0000, index)
        case .evaluationNoise: base ^ 0x0001_5EED_0000_0001
        case .daggerRound: base &+ UInt64(truncatingIfNeeded: index) &* 7919
        case .daggerEpisode: Self.episode(base ^ 0xDA66_E500_0000_0000, index)
        case .daggerNoise: base ^ 1
        case .daggerMixing: base ^ 2
        case .posteriorNoise: base ^ 0x5DEE_CE66_D1CE_5EED
        case .policyInitialisation: base &+ 0x9011_C7
        case .minibatches: base &+ 0x7EA1
        case .rlNetworks: base ^ 0x5AC0_4E75_0000_0001
        case .rlUpdates: base ^ 0x5AC0_0FDA_7E50_0002
        case .rlActing: base ^ 0x5AC0_AC75_0000_0003
        case .steeringEpisode: Self.episode(base ^ 0x57EE_0000_0000_0000, index)
        case .steeringNoise: base ^ 0x57EE_0000_0000_0001
        case .evaluationNoiseStream: Self.episode(base ^ 0x0001_5EED_57E4_0000, index)
        case .warmStartNoise: base ^ 0x0A71_5EED_0000_0002
        case .viewerSample: Self.episode(base ^ 0x71E3_5A3E_0000_0000, index)
        case .anchorClustering: base ^ 0xA4C4_0C15_7E55_0001
        case .anchorChoice: base ^ 0xA4C4_0C40_1CE5_0002
        case .compositionValidation: Self.episode(base ^ 0xC0B0_5E00_7A11_0000, index)
        case .compositionHeldOut: base ^ 0xC0B0_5E00_4E1D_0001
        case .physicsFuzz: base ^ 0xF022_9000_0000_0001
        }
    }

    /// Episode `index` of a stream: a fixed mix of the seed and the index (two odd
    /// 64-bit constants), so any episode can be regenerated alone.
    static func episode(_ seed: UInt64, _ index: Int) -> UInt64 {
        seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
    }
}

import NeuralNet

/// How a policy turns initial noise into an action chunk.
///
/// Every field but `method` and `steps` is optional so that a configuration names only
/// what its method reads (a resolved `config.yaml` of a DDIM run shows `method` and `steps`).
public struct Sampler: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// Ancestral DDPM over every training step (stochastic: draws posterior noise).
        case ddpm
        /// Deterministic DDIM (eta = 0) over `steps` evenly spaced steps.
        case ddim
        /// Euler integration of a flow policy's velocity from t = 1 to 0 in `steps` steps.
        case euler
        /// DPM-Solver++ (2M): the second-order multistep solver of the probability-flow
        /// ODE in data prediction, on DDIM's grid of `steps` steps (Lu et al. 2022).
        case dpmsolver
        /// Real-time iteration (Duan et al. 2025): an episode's first chunk is a full
        /// `base` sample; later chunks warm-start from the previous one, shifted by the
        /// executed steps, and run only the last `start` steps of the base grid.
        case rti
        /// Truncated anchored diffusion: the anchors of an anchored policy, noised to
        /// step `start`, denoised in `steps` DDIM steps; the best-scored anchor's chunk.
        case anchored
    }

    /// Which anchor's chunk an anchored policy executes.
    public enum AnchorChoice: String, Sendable, Hashable, Codable, CaseIterable {
        /// The anchor with the highest score (DiffusionDrive's choice).
        case best
        /// An anchor drawn from the softmax of the scores, for diversity; the draw comes
        /// from the episode's own stream (`SeedDomain.anchorChoice`).
        case sample
    }

    public var method: Method
    /// Denoising steps (ignored by DDPM, which uses every training step; RTI with a DDIM or
    /// Euler base: the steps of that base).
    public var steps: Int
    /// RTI: the sampler of an episode's first chunk, whose step grid warm starts finish
    /// (`ddpm` or `ddim` for diffusion policies, `euler` for flow; nil: `ddpm` or `euler`).
    public var base: Method?
    /// RTI: denoising steps of a warm start, the last `start` of the base grid (default 3).
    /// Anchored: the diffusion step the anchors are noised to (default: the policy's).
    public var start: Int?
    /// RTI: re-noise the shifted chunk to the warm start's first step (default false).
    public var renoise: Bool?
    /// Control steps executed per chunk (`Ta`; default the policy's `actionHorizon`).
    public var every: Int?
    /// Anchored: which anchor's chunk to execute (default `best`).
    public var anchorChoice: AnchorChoice?

    public init(_ method: Method, steps: Int, base: Method? = nil, start: Int? = nil,
                renoise: Bool? = nil, every: Int? = nil, anchorChoice: AnchorChoice? = nil) {
        self.method = method
        self.steps = steps
        self.base = base
        self.start = start
        self.renoise = renoise
        self.every = every
        self.anchorChoice = anchorChoice
    }

    public static let ddpm = Sampler(.ddpm, steps: 100)
    public static func ddim(_ steps: Int) -> Sampler { Sampler(.ddim, steps: steps) }
    public static func euler(_ steps: Int) -> Sampler { Sampler(.euler, steps: steps) }
    public static func dpmSolver(_ steps: Int) -> Sampler { Sampler(.dpmsolver, steps: steps) }
    /// The truncated anchored sampler: 2 DDIM steps from the anchors noised to `start`
    /// (nil: half the policy's `truncation`).
    public static func anchored(start: Int? = nil, choice: AnchorChoice? = nil) -> Sampler {
        Sampler(.anchored, steps: 2, start: start, anchorChoice: choice)
    }

    /// The default number of warm-start steps of RTI (the reference's k in [2, 1, 0]).
    public static let defaultWarmStartSteps = 3

    public var description: String {
        var name: String
        switch method {
        case .ddpm: name = "ddpm"
        case .rti:
            let grid = base.map { Sampler($0, steps: steps).description + "-" } ?? ""
            name = "rti-\(grid)k\(start ?? Self.defaultWarmStartSteps)\(renoise == true ? "-renoise" : "")"
        case .anchored:
            name = "anchored\(steps)" + (start.map { "-k\($0)" } ?? "") + (anchorChoice == .sample ? "-sample" : "")
        default: name = "\(method.rawValue)\(steps)"
        }
        if let every { name += "-every\(every)" }
        return name
    }

    /// The method whose update rule each step applies (RTI: its base; anchored: DDIM).
    var stepRule: Method {
        switch method {
        case .rti: base ?? .ddpm
        case .anchored: .ddim
        default: method
        }
    }

    /// This sampler with the family's defaults filled in (RTI's base).
    public func resolved(family: PolicyConfiguration.Family) -> Sampler {
        var copy = self
        if method == .rti, base == nil { copy.base = family == .flow ? .euler : .ddpm }
        return copy
    }

    /// This sampler with the defaults of a policy of `configuration` filled in (RTI's base;
    /// the anchored start step, half the policy's `truncation`).
    public func resolved(for configuration: PolicyConfiguration) -> Sampler {
        var copy = resolved(family: configuration.family)
        if method == .anchored, start == nil { copy.start = configuration.truncationSteps / 2 }
        return copy
    }

    /// Network evaluations of a chunk sampled from noise (RTI: an episode's first chunk).
    public func functionEvaluations(schedule: NoiseSchedule) -> Int {
        switch stepRule {
        case .ddpm: schedule.stepCount
        default: steps
        }
    }
}

import Policies

/// Where the executed chunk comes from. Each case says what the viewer can show beside it
/// and what its keys change.
///
/// Every `switch` over this enum is a place a new kind of policy must fill in.
enum ChunkSource {
    /// One policy, run as trained.
    case policy
    /// A base policy with a learned steering (DSRL's latent noise, or a residual); `d`
    /// toggles between the steered chunk and the base policy's own.
    case steered(PolicySteering)
    /// A composition (GPC) of these parents; `[` and `]` move parent 1's weight.
    case composed([Policy])

    /// Name shown on the heads-up line.
    var label: String {
        switch self {
        case .policy: "policy"
        case .steered(let steering): steering.noise != nil ? "dsrl" : "residual"
        case .composed: "composed"
        }
    }
}

import Policies

/// Where the executed chunk comes from. Each case says what the viewer can show beside it
/// and what its keys change.
///
/// The hook for policies built by combining others: composition (GPC) becomes a case
/// holding its parent policies and weight; `[` and `]` then change that weight and the
/// insight draws each parent's chunk beside the composed one. Every `switch` over this
/// enum is a place such a case must fill in.
enum ChunkSource {
    /// One policy, run as trained.
    case policy
    /// A base policy with a learned steering (DSRL's latent noise, or a residual); `d`
    /// toggles between the steered chunk and the base policy's own.
    case steered(PolicySteering)

    /// Name shown on the heads-up line.
    var label: String {
        switch self {
        case .policy: "policy"
        case .steered(let steering): steering.noise != nil ? "dsrl" : "residual"
        }
    }
}

import Tasks

/// Options of `pushforward demos`, given as `key=value` on the command line
/// (`episodes=200 seed=1 out=demos.safetensors gifs=3`).
public struct DemosConfig: Codable, Hashable, Sendable {
    /// Episodes to run (successful ones are kept unless `keepFailures`).
    public var episodes = 200
    /// Seed of the first episode's stream; episode `i` uses a fixed mix of (seed, i).
    public var seed: UInt64 = 0
    /// Output file; empty: `demos/<scene>_<episodes>ep_s<seed>.safetensors`.
    public var out = ""
    /// GIFs of the first this-many episodes, written beside the output.
    public var gifs = 0
    public var keepFailures = false
    /// Worker threads; 0 uses every core.
    public var threads = 0
    /// GIF frame size in pixels.
    public var gifSize = 192
    /// Push-T: `state` or `keypoints` observations.
    public var observation = PushTEnvironment.ObservationKind.state
    /// Push-T expert options (`expert.temperature=1` for the randomised variant).
    public var expert = PushTExpert.Options()

    public init() {}
}

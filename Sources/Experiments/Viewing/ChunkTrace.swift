import Physics2D

/// What an action chunk drawn over the scene stands for.
public enum ChunkRole: Hashable, Sendable {
    /// Another sample of the same replan (a different initial noise).
    case sample
    /// The base policy's chunk of a steered run while the steered one is executed.
    case base
    /// The steered chunk of a steered run while steering is off (`d`).
    case steered
    /// The chunk being executed (the steered one in a steered run), whole.
    case chosen
    /// The actions of the chosen chunk that the controller executes before the next replan.
    case executed
}

/// One action chunk as a path of world points (world units, y down), oldest first.
public struct ChunkTrace: Hashable, Sendable {
    public var role: ChunkRole
    public var points: [Vec2]
}

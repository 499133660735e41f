/// Invalid input to the engine. Each case renders as one line that says what is wrong
/// and, where it helps, how to fix it.
public enum PhysicsError: Error, Equatable, Sendable, CustomStringConvertible {
    case tooFewVertices(count: Int)
    case nonConvexPolygon(vertex: Int)
    case degeneratePolygon(area: Double)
    case nonFinite(what: String)
    case nonPositiveMass(mass: Double)
    case nonPositiveMoment(moment: Double)
    case negativeRadius(radius: Double)
    case invalidTimeStep(dt: Double)
    case unknownBody(index: Int)
    case unknownShape(index: Int)
    case invalidJoint(reason: String)
    /// A body's state stopped being finite during a step (exploding forces, NaN input).
    case diverged(body: Int)

    public var description: String {
        switch self {
        case .tooFewVertices(let count):
            return "a polygon needs at least 3 vertices, got \(count)"
        case .nonConvexPolygon(let vertex):
            return "polygon is not convex at vertex \(vertex); split it into convex parts"
        case .degeneratePolygon(let area):
            return "polygon is degenerate (area \(area)); its vertices must not be collinear or repeated"
        case .nonFinite(let what):
            return "\(what) is not a finite number"
        case .nonPositiveMass(let mass):
            return "mass must be positive, got \(mass)"
        case .nonPositiveMoment(let moment):
            return "moment of inertia must be positive, got \(moment)"
        case .negativeRadius(let radius):
            return "radius must not be negative, got \(radius)"
        case .invalidTimeStep(let dt):
            return "time step must be positive and finite, got \(dt)"
        case .unknownBody(let index):
            return "no body with index \(index) in this world"
        case .unknownShape(let index):
            return "no shape with index \(index) in this world"
        case .invalidJoint(let reason):
            return "invalid joint: \(reason)"
        case .diverged(let body):
            return "body \(body) left the finite numbers during a step (NaN or infinite force, velocity or position)"
        }
    }
}

/// Stable handle of a shape in a `World`.
public struct ShapeID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (a: ShapeID, b: ShapeID) -> Bool { a.index < b.index }
}

/// Which shapes may touch, with Chipmunk's semantics: two shapes never collide when
/// they share a non-zero `group`, or when either one's `categories` miss the other's `mask`.
public struct CollisionFilter: Hashable, Sendable {
    public var group: Int
    public var categories: UInt32
    public var mask: UInt32

    public init(group: Int = 0, categories: UInt32 = .max, mask: UInt32 = .max) {
        self.group = group
        self.categories = categories
        self.mask = mask
    }

    public static let all = CollisionFilter()

    func rejects(_ other: CollisionFilter) -> Bool {
        (group != 0 && group == other.group)
            || (categories & other.mask) == 0
            || (other.categories & mask) == 0
    }
}

/// What a user states about a shape when attaching it to a body.
public struct ShapeDefinition: Sendable {
    public var geometry: ShapeGeometry
    /// Coulomb friction coefficient; a contact uses the product of both shapes' values.
    public var friction: Double
    /// Restitution; a contact uses the product of both shapes' values.
    public var elasticity: Double
    /// Mass per unit area, used when the body's mass comes from its shapes.
    public var density: Double
    public var filter: CollisionFilter

    public init(_ geometry: ShapeGeometry, friction: Double = 0, elasticity: Double = 0,
                density: Double = 1, filter: CollisionFilter = .all) {
        self.geometry = geometry
        self.friction = friction
        self.elasticity = elasticity
        self.density = density
        self.filter = filter
    }
}

/// A shape attached to a body, with its world-space data cached after each position update.
public struct Shape: Sendable {
    public let body: Int
    public let geometry: ShapeGeometry
    public var friction: Double
    public var elasticity: Double
    public let density: Double
    public var filter: CollisionFilter
    var isRemoved = false

    /// World-space cache: circle centre or segment end `a`.
    var worldA: Vec2 = .zero
    /// World-space cache: segment end `b`.
    var worldB: Vec2 = .zero
    /// World-space cache: segment normal (rperp of b - a, normalised).
    var worldNormal: Vec2 = .zero
    /// World-space cache: polygon vertices and edge normals (same indexing as `Polygon`).
    var worldVertices: [Vec2] = []
    var worldNormals: [Vec2] = []
    /// World-space bounding box including the radius.
    public internal(set) var bounds = AABB(min: .zero, max: .zero)

    /// Core radius (circle radius, segment or polygon rounding).
    var radius: Double {
        switch geometry {
        case .circle(_, let r): r
        case .segment(_, _, let r): r
        case .polygon(let p): p.radius
        }
    }

    init(body: Int, definition d: ShapeDefinition) {
        self.body = body
        self.geometry = d.geometry
        self.friction = d.friction
        self.elasticity = d.elasticity
        self.density = d.density
        self.filter = d.filter
        if case .polygon(let p) = geometry {
            worldVertices = p.vertices
            worldNormals = p.normals
        }
    }

    /// Refreshes the world-space cache for the body transform `t`.
    mutating func update(_ t: Transform) {
        switch geometry {
        case .circle(let c, let r):
            worldA = t.apply(c)
            bounds = AABB(min: Vec2(worldA.x - r, worldA.y - r), max: Vec2(worldA.x + r, worldA.y + r))
        case .segment(let a, let b, let r):
            worldA = t.apply(a)
            worldB = t.apply(b)
            worldNormal = t.applyToVector((b - a).rperp.normalized)
            bounds = AABB(
                min: Vec2(Swift.min(worldA.x, worldB.x) - r, Swift.min(worldA.y, worldB.y) - r),
                max: Vec2(Swift.max(worldA.x, worldB.x) + r, Swift.max(worldA.y, worldB.y) + r))
        case .polygon(let p):
            var lo = Vec2(Double.infinity, Double.infinity)
            var hi = Vec2(-Double.infinity, -Double.infinity)
            for i in 0..<p.vertices.count {
                let v = t.apply(p.vertices[i])
                worldVertices[i] = v
                worldNormals[i] = t.applyToVector(p.normals[i])
                lo = Vec2(Swift.min(lo.x, v.x), Swift.min(lo.y, v.y))
                hi = Vec2(Swift.max(hi.x, v.x), Swift.max(hi.y, v.y))
            }
            let r = p.radius
            bounds = AABB(min: Vec2(lo.x - r, lo.y - r), max: Vec2(hi.x + r, hi.y + r))
        }
    }
}

/// An axis-aligned bounding box.
public struct AABB: Hashable, Sendable {
    public var min: Vec2
    public var max: Vec2

    public init(min: Vec2, max: Vec2) {
        self.min = min
        self.max = max
    }

    @inline(__always) func overlaps(_ o: AABB) -> Bool {
        min.x <= o.max.x && o.min.x <= max.x && min.y <= o.max.y && o.min.y <= max.y
    }

    var center: Vec2 { Vec2.lerp(min, max, 0.5) }
}

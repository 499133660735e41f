/// The core (radius-free) geometry of a shape in world space, as GJK sees it.
struct SupportGeometry {
    enum Core {
        case point(Vec2)
        case segment(Vec2, Vec2)
        case polygon(vertices: [Vec2], normals: [Vec2])
    }

    let core: Core
    let bounds: AABB

    init(_ shape: Shape) {
        switch shape.geometry {
        case .circle: core = .point(shape.worldA)
        case .segment: core = .segment(shape.worldA, shape.worldB)
        case .polygon: core = .polygon(vertices: shape.worldVertices, normals: shape.worldNormals)
        }
        bounds = shape.bounds
    }

    /// The farthest core point along `n` and its index; ties keep the first index.
    @inline(__always) func support(_ n: Vec2) -> (Vec2, Int) {
        switch core {
        case .point(let p):
            return (p, 0)
        case .segment(let a, let b):
            return a.dot(n) > b.dot(n) ? (a, 0) : (b, 1)
        case .polygon(let vertices, _):
            let i = Self.supportIndex(vertices, n)
            return (vertices[i], i)
        }
    }

    /// The core point with index `i` (used to restart GJK from last step's simplex).
    @inline(__always) func point(_ i: Int) -> (Vec2, Int) {
        switch core {
        case .point(let p):
            return (p, 0)
        case .segment(let a, let b):
            return i == 0 ? (a, 0) : (b, 1)
        case .polygon(let vertices, _):
            let index = i < vertices.count ? i : 0
            return (vertices[index], index)
        }
    }

    @inline(__always) static func supportIndex(_ vertices: [Vec2], _ n: Vec2) -> Int {
        var best = -Double.infinity
        var index = 0
        for i in 0..<vertices.count {
            let d = vertices[i].dot(n)
            if d > best {
                best = d
                index = i
            }
        }
        return index
    }
}

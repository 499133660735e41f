#if Viewer
import CGLFW
import Foundation
import Physics2D
import Tasks

/// Draws a `DrawList` with OpenGL the way `Canvas` draws it: the same commands, colours
/// and order, each command filled as the union of its pieces.
///
/// Every command is cut into convex pieces (triangle fans) in world units under an
/// orthographic projection of the scene square. A command's pieces overlap (the round
/// joins of a polyline, the parts of a T); the stencil buffer lets each sample take a
/// command's colour once, so a translucent path blends once per pixel as on the canvas.
/// Multisampling stands in for the canvas's exact area coverage.
struct GLPainter {
    /// Screen pixels per world unit (to size `Length.pixels` and to pick the number of
    /// segments of round shapes).
    let pixelsPerUnit: Double
    private var stencilValue: GLint = 0

    init(pixelsPerUnit: Double) {
        self.pixelsPerUnit = pixelsPerUnit
    }

    /// Paints `list` over the current viewport: clears to its background, then its commands.
    /// The projection must map the world square onto the viewport.
    mutating func draw(_ list: DrawList) {
        setClearColor(list.background)
        glClearStencil(0)
        glClear(GLbitfield(GL_COLOR_BUFFER_BIT) | GLbitfield(GL_STENCIL_BUFFER_BIT))
        stencilValue = 0
        glEnable(GLenum(GL_STENCIL_TEST))
        glStencilOp(GLenum(GL_KEEP), GLenum(GL_KEEP), GLenum(GL_REPLACE))
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        for command in list.commands { draw(command, opacity: 1) }
        glDisable(GLenum(GL_STENCIL_TEST))
    }

    private mutating func draw(_ command: DrawCommand, opacity: Double) {
        switch command {
        case let .translucent(inner, alpha):
            draw(inner, opacity: opacity * min(max(alpha, 0), 1))
            return
        default: break
        }
        begin(color(of: command), opacity: opacity)
        switch command {
        case let .polygon(points, _):
            fan(points)
        case let .polygons(parts, _):
            for part in parts { fan(part) }
        case let .disc(center, radius, _):
            disc(center, radius)
        case let .capsule(from, to, radius, _):
            capsule(from, to, radius)
        case let .outline(points, width, _):
            let r = 0.5 * worldLength(width)
            for (i, p) in points.enumerated() { capsule(p, points[(i + 1) % points.count], r) }
        case let .polyline(points, width, _):
            let r = 0.5 * worldLength(width)
            if points.count == 1 { disc(points[0], r) }
            for (a, b) in zip(points, points.dropFirst()) { capsule(a, b, r) }
        case let .marker(center, size, width, style, _):
            let s = worldLength(size), r = 0.5 * worldLength(width)
            switch style {
            case .cross:
                let d = s * 0.5.squareRoot()
                capsule(center + Vec2(-d, -d), center + Vec2(d, d), r)
                capsule(center + Vec2(-d, d), center + Vec2(d, -d), r)
            case .plus:
                capsule(center + Vec2(-s, 0), center + Vec2(s, 0), r)
                capsule(center + Vec2(0, -s), center + Vec2(0, s), r)
            }
        case .translucent:
            break
        }
    }

    /// Starts a command: a fresh stencil value, so its pieces paint each sample once.
    private mutating func begin(_ color: RGB, opacity: Double) {
        stencilValue += 1
        if stencilValue > 255 {
            glClear(GLbitfield(GL_STENCIL_BUFFER_BIT))
            stencilValue = 1
        }
        glStencilFunc(GLenum(GL_NOTEQUAL), stencilValue, 0xFF)
        glColor4d(Double(color.r) / 255, Double(color.g) / 255, Double(color.b) / 255, opacity)
    }

    private func color(of command: DrawCommand) -> RGB {
        switch command {
        case let .polygon(_, color), let .polygons(_, color), let .disc(_, _, color), let .capsule(_, _, _, color),
             let .outline(_, _, color), let .polyline(_, _, color), let .marker(_, _, _, _, color):
            return color
        case let .translucent(inner, _):
            return color(of: inner)
        }
    }

    private func worldLength(_ length: Length) -> Double {
        switch length {
        case .units(let u): return u
        case .pixels(let p): return p / pixelsPerUnit
        }
    }

    /// A convex polygon (or any polygon given as a fan from its first vertex).
    private func fan(_ points: [Vec2]) {
        guard points.count >= 3, points.allSatisfy({ $0.isFinite }) else { return }
        glBegin(GLenum(GL_TRIANGLE_FAN))
        for p in points { glVertex2d(p.x, p.y) }
        glEnd()
    }

    /// Segments of a full circle of `radius` world units: fine enough that the chord's
    /// sag stays under a tenth of a pixel.
    private func segments(_ radius: Double) -> Int {
        let r = max(radius * pixelsPerUnit, 0.5)
        let step = 2 * acos(max(0, 1 - 0.1 / r))
        return min(128, max(8, Int((2 * Double.pi / step).rounded(.up))))
    }

    private func disc(_ center: Vec2, _ radius: Double) {
        guard radius > 0, center.isFinite else { return }
        let n = segments(radius)
        fan((0..<n).map { i in
            let a = 2 * Double.pi * Double(i) / Double(n)
            return center + Vec2(cos(a), sin(a)) * radius
        })
    }

    /// Points within `radius` of the segment `a`-`b`: a stadium, convex, as one fan.
    private func capsule(_ a: Vec2, _ b: Vec2, _ radius: Double) {
        guard radius > 0, a.isFinite, b.isFinite else { return }
        let d = b - a
        let length = d.length
        guard length > 1e-9 else { return disc(a, radius) }
        let base = atan2(d.y, d.x)
        let half = max(4, segments(radius) / 2)
        var points: [Vec2] = []
        points.reserveCapacity(2 * half + 2)
        for (center, start) in [(b, base - Double.pi / 2), (a, base + Double.pi / 2)] {
            for i in 0...half {
                let angle = start + Double.pi * Double(i) / Double(half)
                points.append(center + Vec2(cos(angle), sin(angle)) * radius)
            }
        }
        fan(points)
    }

    private func setClearColor(_ color: RGB) {
        glClearColor(Float(color.r) / 255, Float(color.g) / 255, Float(color.b) / 255, 1)
    }
}
#endif

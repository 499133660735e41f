import Testing
import Foundation
import Physics2D
@testable import Tasks
@testable import Media

/// A Push-T-like scene built from `specs/pusht.md`, to check the renderer by eye and by a
/// few probe pixels. Set `PUSHFORWARD_RENDER_PREVIEW=<folder>` to also write
/// `pusht.png` and `pusht.gif` there.
enum PushTPreview {
    /// The two boxes of the T in body coordinates (y down).
    static let boxes: [[Vec2]] = [
        [Vec2(-60, 0), Vec2(60, 0), Vec2(60, 30), Vec2(-60, 30)],
        [Vec2(-15, 30), Vec2(15, 30), Vec2(15, 120), Vec2(-15, 120)],
    ]
    /// The outline of the union of the boxes, so the seam between them is not drawn.
    static let outline = [Vec2(-60, 0), Vec2(60, 0), Vec2(60, 30), Vec2(15, 30),
                          Vec2(15, 120), Vec2(-15, 120), Vec2(-15, 30), Vec2(-60, 30)]
    static let walls = [(Vec2(5, 506), Vec2(5, 5)), (Vec2(5, 5), Vec2(506, 5)),
                        (Vec2(506, 5), Vec2(506, 506)), (Vec2(5, 506), Vec2(506, 506))]

    static func pose(_ x: Double, _ y: Double, _ angle: Double) -> Transform {
        Transform(rotation: .unit(angle: angle), translation: Vec2(x, y))
    }

    static func scene(agent: Vec2, block: Transform, action: Vec2?, contacts: [Vec2] = []) -> DrawList {
        var list = DrawList(background: .background)
        list.appendPolygons(boxes, at: pose(256, 256, .pi / 4), color: .goal)
        for (a, b) in walls { list.append(.capsule(from: a, to: b, radius: 2, color: .wall)) }
        list.appendPolygons(boxes, at: block, color: .block)
        list.appendOutline(outline, at: block, width: .units(2), color: .blockOutline)
        list.append(.disc(center: agent, radius: 15, color: .agent))
        list.append(.disc(center: agent, radius: 11, color: .agentInner))
        for c in contacts { list.append(.disc(center: c, radius: 3, color: .contact)) }
        if let action {
            list.append(.marker(center: action, size: .pixels(5), width: .pixels(2), style: .cross, color: .actionMarker))
        }
        return list
    }

    static let standard = scene(agent: Vec2(350, 350), block: pose(200, 300, 0.5), action: Vec2(380, 300),
                                contacts: [Vec2(250, 380)])

    /// The folder named by `PUSHFORWARD_RENDER_PREVIEW`, if set.
    static var previewFolder: String? {
        ProcessInfo.processInfo.environment["PUSHFORWARD_RENDER_PREVIEW"]
    }
}

@Suite struct PushTPreviewTests {
    @Test(arguments: [96, 256, 512])
    func probePixelsShowTheScene(size: Int) throws {
        let canvas = Canvas(width: size, height: size, rendering: PushTPreview.standard)
        func probe(_ world: Vec2) -> RGB {
            let p = canvas.pixelPoint(world)
            return canvas[Int(p.x), Int(p.y)]
        }
        #expect(probe(Vec2(256, 256) + Vec2.unit(angle: .pi / 4 + .pi / 2) * 60) == .goal)  // goal stem
        #expect(probe(PushTPreview.pose(200, 300, 0.5).apply(Vec2(0, 15))) == .block)
        #expect(probe(PushTPreview.pose(200, 300, 0.5).apply(Vec2(0, 80))) == .block)
        #expect(probe(Vec2(350, 350)) == .agentInner)
        #expect(probe(Vec2(60, 60)) == .background)
        if size >= 256 {
            // Thin features need enough pixels: the 4-unit ring and wall.
            #expect(probe(Vec2(350, 350 + 13.5)) == .agent)
            #expect(probe(Vec2(5, 256)) == .wall)
        }

        if let folder = PushTPreview.previewFolder, size == 512 {
            try canvas.writePNG(to: folder + "/pusht.png")
            try Canvas(width: 96, height: 96, rendering: PushTPreview.standard).writePNG(to: folder + "/pusht96.png")
        }
    }
}

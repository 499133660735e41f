import Testing
import Physics2D
@testable import Tasks

@Suite struct DrawListTests {
    private static let box = [Vec2(-60, 0), Vec2(60, 0), Vec2(60, 30), Vec2(-60, 30)]

    @Test func renderingAListEqualsDrawingItsCommands() {
        var list = DrawList(background: .wall)
        let pose = Transform(rotation: .unit(angle: 0.5), translation: Vec2(200, 300))
        list.appendPolygon(Self.box, at: pose, color: .block)
        list.appendOutline(Self.box, at: pose, width: .units(2), color: .blockOutline)
        list.appendPolygons([Self.box, Self.box.map { $0 + Vec2(0, 30) }], at: pose, color: .goal)
        list.append(.disc(center: Vec2(350, 350), radius: 15, color: .agent))
        list.append(.capsule(from: Vec2(5, 5), to: Vec2(506, 5), radius: 2, color: .black))
        list.append(.polyline([Vec2(10, 10), Vec2(50, 80), Vec2(90, 20)], width: .pixels(1), color: .trajectory))
        list.append(.translucent(.marker(center: Vec2(100, 400), size: .pixels(4), width: .pixels(1.5),
                                         style: .cross, color: .actionMarker), opacity: 0.5))

        let rendered = Canvas(width: 128, height: 128, rendering: list)

        var direct = Canvas(width: 128, height: 128, background: .white)
        direct.clear(.wall)
        direct.fillPolygon(Self.box.map(pose.apply), color: .block)
        direct.strokePolygon(Self.box.map(pose.apply), width: .units(2), color: .blockOutline)
        direct.fillPolygons([Self.box.map(pose.apply), Self.box.map { pose.apply($0 + Vec2(0, 30)) }], color: .goal)
        direct.fillDisc(center: Vec2(350, 350), radius: 15, color: .agent)
        direct.fillCapsule(from: Vec2(5, 5), to: Vec2(506, 5), radius: 2, color: .black)
        direct.strokePolyline([Vec2(10, 10), Vec2(50, 80), Vec2(90, 20)], width: .pixels(1), color: .trajectory)
        direct.drawMarker(at: Vec2(100, 400), size: .pixels(4), width: .pixels(1.5), color: .actionMarker,
                          opacity: 0.5)
        #expect(rendered.pixels == direct.pixels)

        var reused = Canvas(width: 128, height: 128, background: .contact)
        reused.draw(list)
        #expect(reused.pixels == rendered.pixels)
    }

    @Test func bodyPosesPlaceLocalPointsInTheWorld() {
        var list = DrawList()
        let pose = Transform(rotation: .unit(angle: .pi / 2), translation: Vec2(100, 100))
        list.appendPolygon([Vec2(0, 0), Vec2(10, 0), Vec2(10, 5)], at: pose, color: .goal)
        guard case let .polygon(points, _) = list.commands[0] else {
            Issue.record("expected a polygon"); return
        }
        // y down: +90 degrees takes local +x to world +y (clockwise on screen).
        #expect(abs(points[1].x - 100) < 1e-12 && abs(points[1].y - 110) < 1e-12)
    }
}

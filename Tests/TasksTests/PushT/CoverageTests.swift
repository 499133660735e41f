import Foundation
import Physics2D
import Testing
@testable import Tasks

@Suite struct CoverageTests {
    let coverage: Coverage = {
        let scene = PushTScene()
        let parts = scene.block.parts.map { try! Polygon($0) }
        return Coverage(parts: parts, goalOrigin: scene.goal.position, goalAngle: scene.goal.angle)
    }()

    @Test func goalAreaIsTheBenchmarks() {
        #expect(abs(coverage.goalArea - 6300) < 1e-9)
    }

    @Test func matchesReferenceForEverySample() throws {
        let reference = try referencePushTJSON("coverage_public.json")
        let samples = reference["samples"] as! [[String: Any]]
        #expect(samples.count == 200)
        var worst = 0.0
        for sample in samples {
            let x = (sample["x"] as! NSNumber).doubleValue, y = (sample["y"] as! NSNumber).doubleValue
            let angle = (sample["angle"] as! NSNumber).doubleValue
            let expected = (sample["coverage"] as! NSNumber).doubleValue
            worst = max(worst, abs(coverage(origin: Vec2(x, y), angle: angle) - expected))
        }
        #expect(worst <= 1e-9, "largest deviation \(worst)")
    }

    @Test func fullAtGoalAndZeroFarAway() {
        #expect(abs(coverage(origin: Vec2(256, 256), angle: .pi / 4) - 1) < 1e-12)
        #expect(coverage(origin: Vec2(-1000, -1000), angle: 0) == 0)
    }
}

/// Reads a reference recording from `Tests/Fixtures/PushTReference/` (see its README).
func referencePushTJSON(_ name: String) throws -> [String: Any] {
    var tests = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { tests.deleteLastPathComponent() }
    let data = try Data(contentsOf: tests.appendingPathComponent("Fixtures/PushTReference/\(name)"))
    return try JSONSerialization.jsonObject(with: data) as! [String: Any]
}

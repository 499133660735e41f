import Physics2D
import Testing
@testable import Tasks

@Suite struct ReachEnvironmentTests {
    @Test(arguments: [1.0, -1.0])
    func jointPDReachesAnInverseKinematicsTarget(elbow: Double) throws {
        var env = try ReachEnvironment()
        let target = Vec2(380, 330)
        try env.reset(q: [0.3, 0.2], target: target)
        let q = try #require(env.inverseKinematics(target, elbowSign: elbow))
        #expect((env.forwardKinematics(q).tip - target).length < 1e-9)
        var steps = 0
        while steps < env.maxSteps {
            steps += 1
            if try env.step(q).terminated { break }
        }
        #expect(env.isSuccess, "distance \(env.distanceToTarget) after \(steps) steps")
        #expect(steps < 40)
        let drift = env.world.joints.map { $0.drift(bodies: env.world.bodies) }.max() ?? 0
        // Large PD torques stretch the joints slightly; the error bias pulls them back.
        #expect(drift < 0.25, "joint drift \(drift)")
    }

    @Test func observationWrapsAnglesAndRandomResetsAreSeeded() throws {
        var env = try ReachEnvironment()
        var g1 = TestGenerator(state: 11), g2 = TestGenerator(state: 11)
        let a = try env.reset(using: &g1)
        var other = try ReachEnvironment()
        #expect(try other.reset(using: &g2) == a)
        #expect(a.count == 6 && abs(a[0]) <= .pi && abs(a[1]) <= .pi)
        let r = (Vec2(a[4], a[5]) - env.scene.base).length
        #expect(r >= 60 && r < 250)
    }

    @Test func linksHitTheObstacleButNotEachOther() throws {
        var scene = ReachScene()
        scene.obstacle = ReachScene.Obstacle(center: Vec2(256, 356), radius: 30)
        var env = try ReachEnvironment(scene: scene)
        try env.reset(q: [0, 0], target: Vec2(256, 450))
        // Swing the arm straight down through the obstacle: contacts stop it.
        for _ in 0..<20 { _ = try env.step([Double.pi / 2, 0]) }
        let (elbow, _) = env.forwardKinematics(env.jointAngles)
        #expect(ReachEnvironment.segmentDistance(scene.obstacle!.center, scene.base, elbow) > 30)
    }

    @Test func clearanceIsTheLargestClearanceIsFreeGrants() throws {
        var scene = ReachScene()
        scene.obstacle = ReachScene.Obstacle(center: Vec2(256, 356), radius: 30)
        let env = try ReachEnvironment(scene: scene)
        var g = TestGenerator(state: 5)
        var touching = 0
        for _ in 0..<500 {
            let q = [Double.random(in: -.pi...(.pi), using: &g), Double.random(in: -2.9...2.9, using: &g)]
            let c = env.clearance(q)
            if c < 0 { touching += 1 }
            #expect(env.isFree(q, clearance: c - 1e-6) && !env.isFree(q, clearance: c + 1e-6), "q \(q), clearance \(c)")
        }
        #expect(touching > 0)  // the sample covers configurations that overlap the obstacle
        #expect(try ReachEnvironment().clearance([0, 0]) == .infinity)
    }
}

import Testing
@testable import NeuralNet

@Suite struct LearningRateScheduleTests {
    @Test func cosineWithWarmupMatchesDiffusers() {
        let schedule = LearningRateSchedule.cosineWithWarmup(learningRate: 2, warmupSteps: 10, totalSteps: 110)
        let cases: [(Int, Double)] = [(0, 0), (5, 1), (10, 2), (35, 2 * 0.8535533905932737), (60, 1), (110, 0)]
        for (step, want) in cases { #expect(abs(schedule.learningRate(atStep: step) - want) < 1e-12, "step \(step)") }
    }

    @Test func constantSchedules() {
        #expect(LearningRateSchedule.constant(learningRate: 0.3).learningRate(atStep: 1000) == 0.3)
        let warm = LearningRateSchedule.constantWithWarmup(learningRate: 1, warmupSteps: 4)
        #expect([0, 1, 4, 9].map { warm.learningRate(atStep: $0) } == [0, 0.25, 1, 1])
    }
}

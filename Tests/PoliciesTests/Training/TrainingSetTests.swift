import Testing
import Tasks
@testable import Policies

@Suite struct TrainingSetTests {
    @Test func historiesArePaddedAndTargetsLaidOut() throws {
        let data = tinyDataset(episodes: 2, length: 5)
        var c = PolicyConfiguration()
        c.predictionHorizon = 4
        c.actionHorizon = 2
        let identityObs = Normalizer(minimum: [-1, -1, -1], maximum: [1, 1, 1])
        let identityAction = Normalizer(minimum: [-1, -1], maximum: [1, 1])
        let set = TrainingSet(dataset: data, configuration: c, target: .expertChunk,
                              observationNormalizer: identityObs, actionNormalizer: identityAction)
        #expect(set.count == 10 && set.conditionSize == 6 && set.chunkSize == 8)
        // Step 0 of episode 1 (row 5): the history repeats its first observation.
        let row = Array(set.conditions[(5 * 6)..<(6 * 6)])
        #expect(Array(row[0..<3]) == Array(row[3..<6]))
        // Its target: the first action (past, padded) then the expert chunk's first 3 rows.
        let chunk = data.chunks[(5 * 4 * 2)..<(5 * 4 * 2 + 8)]
        let target = Array(set.targets[(5 * 8)..<(6 * 8)])
        #expect(Array(target[0..<2]) == Array(data.actions[10..<12]))
        for (a, b) in zip(target[2..<8], chunk.prefix(6)) { #expect(abs(a - b) < 1e-6) }
        // Step 3 (row 3): the past action is the executed action of step 2.
        #expect(Array(set.targets[(3 * 8)..<(3 * 8 + 2)]) == Array(data.actions[4..<6]))
    }

    @Test func executedActionTargetsRepeatTheLastActionAtTheEnd() {
        let data = tinyDataset(episodes: 1, length: 3)
        var c = PolicyConfiguration()
        c.predictionHorizon = 4
        c.actionHorizon = 2
        let set = TrainingSet(dataset: data, configuration: c, target: .executedActions,
                              observationNormalizer: Normalizer(minimum: [-1, -1, -1], maximum: [1, 1, 1]),
                              actionNormalizer: Normalizer(minimum: [-1, -1], maximum: [1, 1]))
        // Last step: past action (step 1), then step 2's action repeated.
        let target = Array(set.targets[(2 * 8)..<(3 * 8)])
        #expect(Array(target[0..<2]) == Array(data.actions[2..<4]))
        for j in 1..<4 { #expect(Array(target[(2 * j)..<(2 * j + 2)]) == Array(data.actions[4..<6])) }
    }

    @Test func normalizerRoundTripsAndHandlesConstantDimensions() {
        let n = Normalizer(fitting: [0, 5, 10, 5, 4, 5], dimension: 2)
        #expect(n.minimum == [0, 5] && n.maximum == [10, 5])
        let x: [Float] = [2.5, 5, 10, 5]
        #expect(n.normalized(x) == [-0.5, 0, 1, 0])
        #expect(n.denormalized(n.normalized(x)) == x)
    }
}

import Foundation
import Testing
@testable import NeuralNet

/// End-to-end: a tiny regression trains to low loss, and the same seed reproduces the
/// weights bit for bit.
@Suite struct TrainingTests {
    private struct Result {
        var firstLoss: Float
        var lastLoss: Float
        var weights: [[Float]]
        var emaWeights: [[Float]]
    }

    private func train(seed: UInt64, steps: Int) -> Result {
        var random = RandomSource(seed: seed)
        let configuration = ConditionalResidualMLP.Configuration(
            inputDimension: 3, conditionDimension: 2, timeEmbeddingDimension: 8, timeHiddenDimension: 16,
            width: 32, blockCount: 2, outputDimension: 2)
        let network = ConditionalResidualMLP(configuration: configuration, random: &random)
        let parameters = network.parameters
        let batch = 32
        let workspace = network.makeWorkspace(batchSize: batch)
        let optimizer = AdamW(parameters: parameters, learningRate: 3e-3, weightDecay: 1e-6)
        let schedule = LearningRateSchedule.cosineWithWarmup(learningRate: 3e-3, warmupSteps: 10, totalSteps: steps)
        let ema = ExponentialMovingAverage(copying: parameters)
        let x = Matrix(rows: batch, columns: 3), condition = Matrix(rows: batch, columns: 2)
        let target = Matrix(rows: batch, columns: 2), gradient = Matrix(rows: batch, columns: 2)
        var times = [Float](repeating: 0, count: batch)
        var first: Float = 0, last: Float = 0
        for step in 0..<steps {
            random.fillUniform(x, -1, 1)
            random.fillUniform(condition, -1, 1)
            for r in 0..<batch {
                times[r] = Float(Int.random(in: 0..<10, using: &random))
                // A smooth target depending on every input.
                let u = x[r, 0] + 0.5 * x[r, 1] * condition[r, 0]
                target[r, 0] = sin(2 * u) + 0.1 * times[r]
                target[r, 1] = x[r, 2] * condition[r, 1] - 0.05 * times[r]
            }
            let prediction = network.forward(x, condition: condition, times: times, workspace: workspace)
            let loss = Loss.meanSquaredError(prediction: prediction, target: target, gradient: gradient)
            network.backward(x: x, condition: condition, outputGradient: gradient, workspace: workspace)
            GradientClipping.clipGlobalNorm(parameters, maxNorm: 1)
            optimizer.learningRate = schedule.learningRate(atStep: step)
            optimizer.step()
            ema.update(from: parameters)
            if step < 10 { first += loss / 10 }
            if step >= steps - 10 { last += loss / 10 }
        }
        return Result(firstLoss: first, lastLoss: last, weights: parameters.map(\.value.values),
                      emaWeights: ema.parameters.map(\.value.values))
    }

    @Test func tinyRegressionTrainsAndIsReproducible() {
        let a = train(seed: 2024, steps: 300)
        #expect(a.lastLoss < 0.1 * a.firstLoss, "loss \(a.firstLoss) -> \(a.lastLoss)")
        #expect(a.lastLoss < 0.02)
        let b = train(seed: 2024, steps: 300)
        #expect(a.weights == b.weights)
        #expect(a.emaWeights == b.emaWeights)
    }
}

import Testing
@testable import NeuralNet

@Suite struct FiLMResidualBlockTests {
    private func makeBlock() -> FiLMResidualBlock {
        var random = RandomSource(seed: 16)
        let block = FiLMResidualBlock(width: 10, conditionWidth: 6, name: "blocks.0", random: &random)
        // Non-trivial norm affine parameters so their gradients are exercised.
        random.fillUniform(block.norm.weight.value, 0.5, 1.5)
        random.fillUniform(block.norm.bias.value, -0.3, 0.3)
        return block
    }

    @Test func parameterNames() {
        #expect(makeBlock().parameters.map(\.name) == [
            "blocks.0.norm.weight", "blocks.0.norm.bias", "blocks.0.film.weight", "blocks.0.film.bias",
            "blocks.0.linear.weight", "blocks.0.linear.bias",
        ])
    }

    @Test func gradientsMatchFiniteDifferences() {
        let block = makeBlock()
        let workspace = FiLMResidualBlock.Workspace(for: block, batchSize: 3)
        let h = GradientCheck.random(3, 10, seed: 17, -2, 2)
        let c = GradientCheck.random(3, 6, seed: 18)
        let weights = GradientCheck.random(3, 10, seed: 19)
        let out = Matrix(rows: 3, columns: 10), dh = Matrix(rows: 3, columns: 10), dc = Matrix(rows: 3, columns: 6)
        func loss() -> Double {
            block.forward(h, condition: c, into: out, workspace: workspace)
            return GradientCheck.weightedSum(out, weights)
        }
        _ = loss()
        block.backward(outputGradient: weights, condition: c, workspace: workspace, inputGradient: dh,
                       conditionGradient: dc, accumulateCondition: false)
        for parameter in block.parameters {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: parameter.gradient.values,
                                        samples: 24, loss: loss)
        }
        GradientCheck.expectMatches("dh", variable: h, analytic: dh.values, samples: 30, loss: loss)
        GradientCheck.expectMatches("dc", variable: c, analytic: dc.values, samples: 18, loss: loss)
    }

    @Test func inPlaceInferenceMatchesTrainingForward() {
        let block = makeBlock()
        let workspace = FiLMResidualBlock.Workspace(for: block, batchSize: 2)
        let c = GradientCheck.random(1, 6, seed: 20)
        let both = Matrix(rows: 2, columns: 6)
        for r in 0..<2 { both.row(r).update(from: c.pointer, count: 6) }
        let h = GradientCheck.random(2, 10, seed: 21)
        let out = Matrix(rows: 2, columns: 10)
        block.forward(h, condition: both, into: out, workspace: workspace)
        let scaleShift = Matrix(rows: 1, columns: 20)
        block.film.forward(c, into: scaleShift)
        block.forward(inPlace: h, scaleShift: scaleShift.pointer, workspace: workspace)
        #expect(zip(h.values, out.values).allSatisfy { abs($0 - $1) < 1e-6 })
    }
}

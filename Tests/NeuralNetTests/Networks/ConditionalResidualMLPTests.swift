import Testing
@testable import NeuralNet

@Suite struct ConditionalResidualMLPTests {
    static let small = ConditionalResidualMLP.Configuration(
        inputDimension: 4, conditionDimension: 3, timeEmbeddingDimension: 8, timeHiddenDimension: 6,
        width: 10, blockCount: 2, outputDimension: 5)
    /// The policy variant: every block's FiLM also reads the condition.
    static let smallConditionInFiLM = {
        var c = small
        c.conditionInFiLM = true
        return c
    }()

    private func makeNetwork(_ configuration: ConditionalResidualMLP.Configuration = small, seed: UInt64 = 30)
        -> ConditionalResidualMLP {
        var random = RandomSource(seed: seed)
        let network = ConditionalResidualMLP(configuration: configuration, random: &random)
        // Perturb the norms away from (1, 0) so every parameter's gradient path is tested.
        for block in network.blocks {
            random.fillUniform(block.norm.weight.value, 0.5, 1.5)
            random.fillUniform(block.norm.bias.value, -0.3, 0.3)
        }
        random.fillUniform(network.finalNorm.weight.value, 0.5, 1.5)
        return network
    }

    @Test func referenceNetworkHasTheSpecifiedParameters() {
        var random = RandomSource(seed: 0)
        let network = ConditionalResidualMLP(configuration: .reference, random: &random)
        let parameters = network.parameters
        #expect(parameters.scalarCount == 1_702_432)
        #expect(Set(parameters.map(\.name)).count == parameters.count)
        let shapes = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.shape) })
        #expect(shapes["time_mlp.0.weight"] == [256, 64])
        #expect(shapes["time_mlp.2.weight"] == [256, 256])
        #expect(shapes["input.weight"] == [512, 42])
        #expect(shapes["blocks.2.film.weight"] == [1024, 256])
        #expect(shapes["blocks.0.linear.weight"] == [512, 512])
        #expect(shapes["blocks.1.norm.bias"] == [512])
        #expect(shapes["final_norm.weight"] == [512])
        #expect(shapes["output.weight"] == [32, 512] && shapes["output.bias"] == [32])
    }

    @Test func conditionInFiLMWidensEveryFiLMLayer() {
        var random = RandomSource(seed: 0)
        var configuration = ConditionalResidualMLP.Configuration.reference
        configuration.conditionInFiLM = true
        let network = ConditionalResidualMLP(configuration: configuration, random: &random)
        let shapes = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.shape) })
        #expect(shapes["blocks.0.film.weight"] == [1024, 266] && shapes["blocks.2.film.weight"] == [1024, 266])
        #expect(network.parameters.scalarCount == 1_702_432 + 3 * 1024 * 10)
    }

    @Test(arguments: [small, smallConditionInFiLM])
    func gradientsMatchFiniteDifferences(configuration: ConditionalResidualMLP.Configuration) {
        let network = makeNetwork(configuration)
        let batch = 3
        let workspace = network.makeWorkspace(batchSize: batch)
        let x = GradientCheck.random(batch, 4, seed: 31)
        let condition = GradientCheck.random(batch, 3, seed: 32)
        let times: [Float] = [0, 17, 99]
        let weights = GradientCheck.random(batch, 5, seed: 33)
        func loss() -> Double {
            GradientCheck.weightedSum(network.forward(x, condition: condition, times: times, workspace: workspace), weights)
        }
        _ = loss()
        network.backward(x: x, condition: condition, outputGradient: weights, workspace: workspace, inputGradients: true)
        for parameter in network.parameters {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: parameter.gradient.values,
                                        samples: 8, epsilon: 2e-3, loss: loss)
        }
        GradientCheck.expectMatches("dx", variable: x, analytic: workspace.inputGradient.values, loss: loss)
        GradientCheck.expectMatches("dcondition", variable: condition, analytic: workspace.conditionGradient.values,
                                    loss: loss)
    }

    @Test(arguments: [1, 4], [false, true])
    func cachedEvaluationMatchesForward(batch: Int, conditionInFiLM: Bool) {
        let network = makeNetwork(conditionInFiLM ? Self.smallConditionInFiLM : Self.small)
        let times: [Float] = [99, 50, 3]
        let cache = network.makeTimestepCache(times: times)
        let condition = GradientCheck.random(batch, 3, seed: 34)
        let inference = network.makeInferenceWorkspace(batchSize: batch)
        network.setCondition(condition, workspace: inference)
        let training = network.makeWorkspace(batchSize: batch)
        for (index, t) in times.enumerated() {
            let x = GradientCheck.random(batch, 4, seed: 35 + UInt64(index))
            let cached = network.evaluate(x, cache: cache, index: index, workspace: inference).values
            let plain = network.forward(x, condition: condition, times: Array(repeating: t, count: batch),
                                        workspace: training, training: index == 1).values
            #expect(zip(cached, plain).allSatisfy { abs($0 - $1) < 1e-5 }, "t = \(t)")
        }
    }
}

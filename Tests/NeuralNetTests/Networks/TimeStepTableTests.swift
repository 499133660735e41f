import Testing
@testable import NeuralNet

/// The time path run once per diffusion step (`makeWorkspace(batchSize:timeSteps:)`) is
/// the same function as the per-row path: outputs and every gradient agree to float32
/// rounding, including when several rows share a step and some steps have no row.
@Suite struct TimeStepTableTests {
    private func makeNetwork(conditionInFiLM: Bool) -> ConditionalResidualMLP {
        var configuration = ConditionalResidualMLP.Configuration(
            inputDimension: 4, conditionDimension: 3, timeEmbeddingDimension: 8, timeHiddenDimension: 6,
            width: 10, blockCount: 2, outputDimension: 5)
        configuration.conditionInFiLM = conditionInFiLM
        var random = RandomSource(seed: 40)
        let network = ConditionalResidualMLP(configuration: configuration, random: &random)
        for block in network.blocks { random.fillUniform(block.norm.weight.value, 0.5, 1.5) }
        return network
    }

    /// `|a - b| <= 1e-5 + 1e-4 |b|` elementwise.
    private func expectClose(_ a: [Float], _ b: [Float], _ label: String,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(a.count == b.count)
        let worst = zip(a, b).map { abs($0 - $1) - 1e-4 * abs($1) }.max() ?? 0
        #expect(worst <= 1e-5, "\(label): differs by \(worst) beyond tolerance", sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func tableAgreesWithPerRowPath(conditionInFiLM: Bool) {
        let network = makeNetwork(conditionInFiLM: conditionInFiLM)
        let batch = 7
        // Steps 2 and 5 are shared by several rows; steps 0, 1, 4 and 6 by none.
        let times: [Float] = [5, 2, 7, 2, 5, 3, 5]
        let x = GradientCheck.random(batch, 4, seed: 41)
        let condition = GradientCheck.random(batch, 3, seed: 42)
        let outputGradient = GradientCheck.random(batch, 5, seed: 43)

        func run(_ workspace: ConditionalResidualMLP.Workspace) -> [[Float]] {
            let output = network.forward(x, condition: condition, times: times, workspace: workspace).values
            network.backward(x: x, condition: condition, outputGradient: outputGradient, workspace: workspace,
                             inputGradients: true)
            return [output, workspace.inputGradient.values, workspace.conditionGradient.values]
                + network.parameters.map(\.gradient.values)
        }
        let perRow = run(network.makeWorkspace(batchSize: batch))
        let table = run(network.makeWorkspace(batchSize: batch, timeSteps: 8))
        let labels = ["output", "dx", "dcondition"] + network.parameters.map(\.name)
        for (label, (a, b)) in zip(labels, zip(table, perRow)) { expectClose(a, b, label) }
        // The time MLP and FiLM gradients are sums over rows: a lost or doubled row shows.
        #expect(network.parameters.allSatisfy { $0.gradient.values.contains { $0 != 0 } })
    }

    @Test func tableGradientsMatchFiniteDifferences() {
        let network = makeNetwork(conditionInFiLM: true)
        let batch = 4
        let workspace = network.makeWorkspace(batchSize: batch, timeSteps: 3)
        let x = GradientCheck.random(batch, 4, seed: 44)
        let condition = GradientCheck.random(batch, 3, seed: 45)
        let times: [Float] = [1, 0, 1, 1]
        let weights = GradientCheck.random(batch, 5, seed: 46)
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
    }

    @Test func blockTableAgreesWithPerRowConditions() {
        var random = RandomSource(seed: 47)
        let block = FiLMResidualBlock(width: 10, conditionWidth: 6, observationWidth: 4, name: "b", random: &random)
        let rows = [2, 0, 2, 2, 1]
        let table = GradientCheck.random(3, 6, seed: 48)
        let perRow = Matrix(rows: rows.count, columns: 6)
        for (r, k) in rows.enumerated() { perRow.row(r).update(from: table.row(k), count: 6) }
        let h = GradientCheck.random(rows.count, 10, seed: 49, -2, 2)
        let o = GradientCheck.random(rows.count, 4, seed: 50)
        let dOut = GradientCheck.random(rows.count, 10, seed: 51)

        let plainWorkspace = FiLMResidualBlock.Workspace(for: block, batchSize: rows.count)
        let out = Matrix(rows: rows.count, columns: 10), dh = Matrix(rows: rows.count, columns: 10)
        let dPerRow = Matrix(rows: rows.count, columns: 6), dObs = Matrix(rows: rows.count, columns: 4)
        block.forward(h, condition: perRow, observation: o, into: out, workspace: plainWorkspace)
        block.backward(outputGradient: dOut, condition: perRow, observation: o, workspace: plainWorkspace,
                       inputGradient: dh, conditionGradient: dPerRow, observationGradient: dObs,
                       accumulateCondition: false)
        let plain = (out: out.values, dh: dh.values, dObs: dObs.values, parameters: block.parameters.map(\.gradient.values))
        // The table's gradient is the sum of the per-row gradients of the rows reading it.
        var summed = [Float](repeating: 0, count: 3 * 6)
        for (r, k) in rows.enumerated() { for j in 0..<6 { summed[k * 6 + j] += dPerRow[r, j] } }

        let tableWorkspace = FiLMResidualBlock.Workspace(for: block, batchSize: rows.count, tableRows: 3)
        let dTable = Matrix(rows: 3, columns: 6)
        rows.withUnsafeBufferPointer { index in
            block.forward(h, condition: table, conditionRows: index.baseAddress, observation: o, into: out,
                          workspace: tableWorkspace)
            block.backward(outputGradient: dOut, condition: table, conditionRows: index.baseAddress, observation: o,
                           workspace: tableWorkspace, inputGradient: dh, conditionGradient: dTable,
                           observationGradient: dObs, accumulateCondition: false)
        }
        expectClose(out.values, plain.out, "output")
        expectClose(dh.values, plain.dh, "dh")
        expectClose(dObs.values, plain.dObs, "dobservation")
        expectClose(dTable.values, summed, "dtable")
        for (parameter, expected) in zip(block.parameters, plain.parameters) {
            expectClose(parameter.gradient.values, expected, parameter.name)
        }
    }
}

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

    @Test func observationInFiLMGradientsMatchFiniteDifferences() {
        var random = RandomSource(seed: 26)
        let block = FiLMResidualBlock(width: 10, conditionWidth: 6, observationWidth: 4, name: "blocks.0", random: &random)
        random.fillUniform(block.norm.weight.value, 0.5, 1.5)
        let workspace = FiLMResidualBlock.Workspace(for: block, batchSize: 3)
        let h = GradientCheck.random(3, 10, seed: 27, -2, 2)
        let c = GradientCheck.random(3, 6, seed: 28)
        let o = GradientCheck.random(3, 4, seed: 29)
        let weights = GradientCheck.random(3, 10, seed: 30)
        let out = Matrix(rows: 3, columns: 10), dh = Matrix(rows: 3, columns: 10)
        let dc = Matrix(rows: 3, columns: 6), dobs = Matrix(rows: 3, columns: 4)
        func loss() -> Double {
            block.forward(h, condition: c, observation: o, into: out, workspace: workspace)
            return GradientCheck.weightedSum(out, weights)
        }
        _ = loss()
        block.backward(outputGradient: weights, condition: c, observation: o, workspace: workspace, inputGradient: dh,
                       conditionGradient: dc, observationGradient: dobs, accumulateCondition: false)
        #expect(block.film.weight.shape == [20, 10])
        for parameter in block.parameters {
            GradientCheck.expectMatches(parameter.name, variable: parameter.value, analytic: parameter.gradient.values,
                                        samples: 24, loss: loss)
        }
        GradientCheck.expectMatches("dh", variable: h, analytic: dh.values, samples: 30, loss: loss)
        GradientCheck.expectMatches("dc", variable: c, analytic: dc.values, samples: 18, loss: loss)
        GradientCheck.expectMatches("dobs", variable: o, analytic: dobs.values, samples: 12, loss: loss)
    }

    @Test func inPlaceInferenceWithObservationTermMatchesTrainingForward() {
        var random = RandomSource(seed: 36)
        let block = FiLMResidualBlock(width: 10, conditionWidth: 6, observationWidth: 4, name: "b", random: &random)
        let workspace = FiLMResidualBlock.Workspace(for: block, batchSize: 2)
        let c = GradientCheck.random(1, 6, seed: 37)
        let both = Matrix(rows: 2, columns: 6)
        for r in 0..<2 { both.row(r).update(from: c.pointer, count: 6) }
        let o = GradientCheck.random(2, 4, seed: 38)
        let h = GradientCheck.random(2, 10, seed: 39)
        let out = Matrix(rows: 2, columns: 10)
        block.forward(h, condition: both, observation: o, into: out, workspace: workspace)
        let scaleShift = Matrix(rows: 1, columns: 20)
        block.film.setBias(into: scaleShift)
        block.film.addProduct(c, columns: block.conditionColumns, into: scaleShift)
        let term = Matrix(rows: 2, columns: 20)
        block.observationTerm(o, into: term)
        block.forward(inPlace: h, scaleShift: scaleShift.pointer, observationTerm: term, workspace: workspace)
        #expect(zip(h.values, out.values).allSatisfy { abs($0 - $1) < 1e-5 })
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
        block.forward(inPlace: h, scaleShift: scaleShift.pointer, observationTerm: nil, workspace: workspace)
        #expect(zip(h.values, out.values).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    /// The fused per-row kernels (norm, modulation and Mish in one pass forward; through
    /// Mish, the modulation, the norm and the residual path in one pass backward) give bit
    /// for bit what the plain composition of `LayerNorm`, the modulation, `Activation` and
    /// `Matrix.add` gives; 37 features exercise the 16-lane tails.
    @Test func fusedKernelsEqualThePlainComposition() {
        var random = RandomSource(seed: 52)
        let w = 37, batch = 5
        let block = FiLMResidualBlock(width: w, conditionWidth: 6, name: "b", random: &random)
        random.fillUniform(block.norm.weight.value, 0.5, 1.5)
        random.fillUniform(block.norm.bias.value, -0.3, 0.3)
        let workspace = FiLMResidualBlock.Workspace(for: block, batchSize: batch)
        let h = GradientCheck.random(batch, w, seed: 53, -3, 3)
        let c = GradientCheck.random(batch, 6, seed: 54)
        let dOut = GradientCheck.random(batch, w, seed: 55)
        let out = Matrix(rows: batch, columns: w), dh = Matrix(rows: batch, columns: w)
        block.forward(h, condition: c, into: out, workspace: workspace)
        block.backward(outputGradient: dOut, condition: c, workspace: workspace, inputGradient: dh,
                       conditionGradient: nil, accumulateCondition: false)
        let fused = (activated: workspace.activated.values, derivative: workspace.derivative.values, dh: dh.values,
                     dGamma: block.norm.weight.gradient.values, dBeta: block.norm.bias.gradient.values,
                     dFilm: workspace.scaleShiftGradient.values)

        // The plain composition, pass by pass over the whole batch.
        let normalized = Matrix(rows: batch, columns: w), inverseStd = Matrix(rows: batch, columns: 1)
        let y = Matrix(rows: batch, columns: w), u = Matrix(rows: batch, columns: w)
        let derivative = Matrix(rows: batch, columns: w)
        block.norm.forward(h, into: y, normalized: normalized, inverseStd: inverseStd)
        let scaleShift = Matrix(rows: batch, columns: 2 * w)
        block.film.forward(c, into: scaleShift)
        for r in 0..<batch {
            for j in 0..<w { u[r, j] = y[r, j] * (1 + scaleShift[r, j]) + scaleShift[r, w + j] }
        }
        Activation.mish.forward(u, into: u, derivative: derivative)
        #expect(u.values == fused.activated)
        #expect(derivative.values == fused.derivative)

        let da = Matrix(rows: batch, columns: w)
        block.linear.backwardInput(outputGradient: dOut, into: da)
        let du = Matrix(rows: batch, columns: w)
        Activation.mish.backward(derivative: derivative, outputGradient: da, into: du)
        let dFilm = Matrix(rows: batch, columns: 2 * w), dy = Matrix(rows: batch, columns: w)
        for r in 0..<batch {
            for j in 0..<w {
                dFilm[r, j] = du[r, j] * y[r, j]
                dFilm[r, w + j] = du[r, j]
                dy[r, j] = du[r, j] * (1 + scaleShift[r, j])
            }
        }
        let dx = Matrix(rows: batch, columns: w)
        block.norm.backward(outputGradient: dy, normalized: normalized, inverseStd: inverseStd, inputGradient: dx)
        dx.add(dOut)
        #expect(dFilm.values == fused.dFilm)
        #expect(dx.values == fused.dh)
        #expect(block.norm.weight.gradient.values == fused.dGamma && block.norm.bias.gradient.values == fused.dBeta)
    }
}

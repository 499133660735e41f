import Foundation
import Testing
@testable import NeuralNet

@Suite struct AdamWTests {
    private func scalarParameter(_ value: Float) -> Parameter {
        let p = Parameter(name: "p", shape: [1], rows: 1, columns: 1)
        p.value.fill(value)
        return p
    }

    /// Worked by hand (lr 0.1, betas 0.9/0.999, eps 1e-8, wd 0.01, p0 = 1, g = 0.5, -0.25, 0.125):
    /// step 1: p = 0.999 - (0.1/0.1) * 0.05 / (sqrt(2.5e-4)/sqrt(1e-3) + 1e-8) = 0.899;
    /// steps 2 and 3 continue the same recursion (m = 0.02, 0.0305; v = 3.1225e-4, 3.2756e-4).
    @Test func matchesHandWorkedSteps() {
        let p = scalarParameter(1)
        let optimizer = AdamW(parameters: [p], learningRate: 0.1, weightDecay: 0.01)
        let expected: [Double] = [0.899000002, 0.8714672987058463, 0.8365529176159483]
        for (g, want) in zip([Float(0.5), -0.25, 0.125], expected) {
            p.gradient.fill(g)
            optimizer.step()
            #expect(abs(Double(p.value[0, 0]) - want) < 2e-7)
        }
        #expect(optimizer.stepCount == 3)
        #expect(abs(Double(optimizer.firstMoments[0][0, 0]) - 0.0305) < 1e-8)
        #expect(abs(Double(optimizer.secondMoments[0][0, 0]) - 3.2756275e-4) < 1e-10)
    }

    @Test func stateRoundTripsForExactResume() throws {
        let a = scalarParameter(1), b = scalarParameter(1)
        let first = AdamW(parameters: [a], learningRate: 0.01)
        a.gradient.fill(0.3)
        first.step()
        let second = AdamW(parameters: [b], learningRate: 0.01)
        try second.loadState(first.stateTensors(), file: "opt.safetensors")
        b.value.assign(from: a.value)
        a.gradient.fill(-0.7); b.gradient.fill(-0.7)
        first.step(); second.step()
        #expect(a.value.values == b.value.values && second.stepCount == 2)
        var broken = first.stateTensors()
        broken["p.exp_avg"] = TensorData(floats: [1, 2])
        #expect(throws: SafeTensorsError(file: "opt.safetensors", problem: "tensor 'p.exp_avg' has shape [2], expected [1]")) {
            try second.loadState(broken, file: "opt.safetensors")
        }
    }

    /// The vectorised update equals the scalar formula bit for bit, tail lanes included.
    @Test func vectorisedStepMatchesTheScalarFormula() {
        var random = RandomSource(seed: 3)
        let p = Parameter(name: "p", shape: [37], rows: 1, columns: 37)
        random.fillUniform(p.value, -1, 1)
        var value = p.value.values, m = [Float](repeating: 0, count: 37), v = m
        let optimizer = AdamW(parameters: [p], learningRate: 0.01, weightDecay: 0.1)
        for t in 1...4 {
            random.fillUniform(p.gradient, -2, 2)
            let g = p.gradient.values
            optimizer.step()
            let stepSize = Float(0.01 / (1 - pow(0.9, Double(t))))
            let c2 = Float((1 - pow(0.999, Double(t))).squareRoot())
            let decay = Float(1 - 0.01 * 0.1), b1 = Float(1 - 0.9), b2 = Float(0.999), c = Float(1 - 0.999)
            for i in 0..<37 {
                m[i] = m[i] + b1 * (g[i] - m[i])
                v[i] = v[i] * b2 + c * g[i] * g[i]
                value[i] = value[i] * decay - stepSize * m[i] / (v[i].squareRoot() / c2 + Float(1e-8))
            }
            #expect(p.value.values == value)
        }
    }
}

@Suite struct FusedOptimizerStepTests {
    /// Clipping's scale, AdamW and the EMA fused in one pass give bit for bit what the
    /// three separate passes give (two parameters, one with a tail shorter than 8 lanes),
    /// on one thread or split between the two threads of a pair.
    @Test(arguments: [Float(0.5), 100])
    func fusedStepEqualsClipThenStepThenAverage(clipNorm: Float) {
        func make() -> [Parameter] {
            var random = RandomSource(seed: 60)
            return [[3, 7], [1, 21]].map { shape in
                let p = Parameter(name: "p\(shape[1])", shape: shape, rows: shape[0], columns: shape[1])
                random.fillUniform(p.value, -1, 1)
                return p
            }
        }
        let separate = make(), fused = make(), paired = make()
        let separateOptimizer = AdamW(parameters: separate, learningRate: 0.01, weightDecay: 0.1)
        let fusedOptimizer = AdamW(parameters: fused, learningRate: 0.01, weightDecay: 0.1)
        let separateAverage = ExponentialMovingAverage(copying: separate)
        let fusedAverage = ExponentialMovingAverage(copying: fused)
        let pairedOptimizer = AdamW(parameters: paired, learningRate: 0.01, weightDecay: 0.1)
        let pairedAverage = ExponentialMovingAverage(copying: paired)
        let threads = ThreadPair()
        var gradients = RandomSource(seed: 61)
        var clipped = 0
        for _ in 0..<5 {
            for (a, b) in zip(separate, fused) {
                gradients.fillUniform(a.gradient, -2, 2)
                b.gradient.assign(from: a.gradient)
            }
            for (a, c) in zip(separate, paired) { c.gradient.assign(from: a.gradient) }
            let norm = GradientClipping.clipGlobalNorm(separate, maxNorm: clipNorm)
            separateOptimizer.step()
            separateAverage.update(from: separate)
            let (fusedNorm, scale) = GradientClipping.clippingCoefficient(fused, maxNorm: clipNorm)
            fusedOptimizer.step(gradientScale: scale, average: fusedAverage)
            pairedOptimizer.step(gradientScale: scale, average: pairedAverage, threads: threads)
            for (a, c) in zip(fused, paired) { #expect(a.value.values == c.value.values, "paired \(a.name)") }
            for (a, c) in zip(fusedAverage.parameters, pairedAverage.parameters) {
                #expect(a.value.values == c.value.values, "paired EMA \(a.name)")
            }
            #expect(norm == fusedNorm)
            if scale < 1 { clipped += 1 }
            for (a, b) in zip(separate, fused) { #expect(a.value.values == b.value.values, "\(a.name)") }
            for (a, b) in zip(separateAverage.parameters, fusedAverage.parameters) {
                #expect(a.value.values == b.value.values, "EMA \(a.name)")
            }
        }
        #expect(fusedAverage.optimizationStep == 5 && fusedAverage.decay == separateAverage.decay)
        #expect(clipped == (clipNorm < 1 ? 5 : 0))  // both branches are exercised
    }
}

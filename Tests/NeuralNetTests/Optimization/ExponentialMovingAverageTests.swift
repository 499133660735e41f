import Foundation
import Testing
@testable import NeuralNet

@Suite struct ExponentialMovingAverageTests {
    @Test func decayFollowsDiffusionPolicyWarmup() {
        let p = Parameter(name: "w", shape: [1], rows: 1, columns: 1)
        let ema = ExponentialMovingAverage(copying: [p])
        #expect(ema.decay(atOptimizationStep: 0) == 0)
        #expect(ema.decay(atOptimizationStep: 1) == 0)
        #expect(abs(ema.decay(atOptimizationStep: 2) - 0.4053964424986395) < 1e-15)  // 1 - 2^-0.75
        #expect(abs(ema.decay(atOptimizationStep: 3) - 0.5613086623491692) < 1e-15)  // 1 - 3^-0.75
        #expect(ema.decay(atOptimizationStep: 10_000_000) == 0.9999)
        ema.updateAfterStep = 5
        #expect(ema.decay(atOptimizationStep: 6) == 0 && ema.decay(atOptimizationStep: 7) > 0.4)
    }

    @Test func averagesByHand() throws {
        let p = Parameter(name: "w", shape: [1], rows: 1, columns: 1)
        let ema = ExponentialMovingAverage(copying: [p])
        for w: Float in [1, 2] {
            p.value.fill(w)
            ema.update(from: [p])
            #expect(ema.parameters[0].value[0, 0] == w)  // decay 0 copies
        }
        p.value.fill(4)
        ema.update(from: [p])
        #expect(abs(Double(ema.parameters[0].value[0, 0]) - 3.189207115002721) < 1e-6)
        #expect(ema.optimizationStep == 3)
        let restored = ExponentialMovingAverage(copying: [p])
        try restored.loadState(ema.stateTensors(), file: "ema.safetensors")
        #expect(restored.optimizationStep == 3 && restored.parameters[0].value.values == ema.parameters[0].value.values)
    }
}

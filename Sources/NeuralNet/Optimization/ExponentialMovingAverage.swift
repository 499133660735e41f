import Foundation

/// An exponential moving average of weights with Diffusion Policy's decay warm-up
/// (`diffusion_policy/model/diffusion/ema_model.py`, `EMAModel`).
///
/// Semantics, as in DP: `update(from:)` is called once after each optimizer step. It first
/// computes the decay from the number of updates made so far, `n` (0 on the first call):
///
///     s     = max(0, n - updateAfterStep - 1)
///     decay = 0                                      if s == 0
///           = clamp(1 - (1 + s / invGamma)^-power, minValue, maxValue)   otherwise
///
/// then sets `ema = decay * ema + (1 - decay) * weights` for every parameter, then
/// increments `n`. So with `updateAfterStep = 0` the first two updates copy the weights
/// (decay 0), the third uses `1 - 2^-power`, and the decay approaches `maxValue`.
/// DP's defaults in its configs: invGamma 1, power 0.75, min 0, max 0.9999. (DP also copies
/// BatchNorm and frozen parameters verbatim; this network has neither.)
public final class ExponentialMovingAverage {
    /// The averaged weights, named like the source parameters (gradients unused).
    public let parameters: [Parameter]
    public var updateAfterStep: Int
    public var inverseGamma: Double
    public var power: Double
    public var minValue: Double
    public var maxValue: Double
    /// Number of `update(from:)` calls so far (DP's `optimization_step`).
    public internal(set) var optimizationStep: Int = 0
    /// The decay used by the latest update.
    public private(set) var decay: Double = 0

    /// An average initialised to a copy of `source`'s current values.
    public init(copying source: [Parameter], updateAfterStep: Int = 0, inverseGamma: Double = 1,
                power: Double = 0.75, minValue: Double = 0, maxValue: Double = 0.9999) {
        parameters = source.map { p in
            let copy = Parameter(name: p.name, shape: p.shape, rows: p.value.rows, columns: p.value.columns)
            copy.value.assign(from: p.value)
            return copy
        }
        self.updateAfterStep = updateAfterStep
        self.inverseGamma = inverseGamma
        self.power = power
        self.minValue = minValue
        self.maxValue = maxValue
    }

    /// The decay DP's `get_decay(optimization_step)` returns.
    public func decay(atOptimizationStep n: Int) -> Double {
        let s = max(0, n - updateAfterStep - 1)
        if s <= 0 { return 0 }
        let value = 1 - Foundation.pow(1 + Double(s) / inverseGamma, -power)
        return max(minValue, min(value, maxValue))
    }

    /// Folds the current `weights` (same names and shapes, same order) into the average.
    public func update(from weights: [Parameter]) {
        precondition(weights.count == parameters.count, "EMA and model have different parameter lists")
        let (d, rest) = beginUpdate()
        for (average, source) in zip(parameters, weights) {
            precondition(average.count == source.count, "EMA parameter '\(average.name)' differs in size")
            let a = average.value.pointer, w = source.value.pointer
            for i in 0..<average.count { a[i] = a[i] * d + w[i] * rest }
        }
        endUpdate()
    }

    /// Sets `decay` for the next update and returns the factors of `ema * keep + w * take`
    /// (for `update(from:)` and the fused `AdamW.step(gradientScale:average:)`).
    func beginUpdate() -> (keep: Float, take: Float) {
        decay = decay(atOptimizationStep: optimizationStep)
        return (Float(decay), Float(1 - decay))
    }

    /// Counts an update made with the factors of `beginUpdate()`.
    func endUpdate() {
        optimizationStep += 1
    }

    /// The averaged weights plus `optimization_step` (I64, shape `[]`) as named tensors.
    public func stateTensors() -> [String: TensorData] {
        var tensors = parameters.namedTensors()
        tensors["optimization_step"] = TensorData(int64: [Int64(optimizationStep)], shape: [])
        return tensors
    }

    /// Restores from `stateTensors()`, checking every name and shape.
    public func loadState(_ tensors: [String: TensorData], file: String) throws {
        let step = try TensorData.require("optimization_step", in: tensors, dtype: .i64, shape: [], file: file)
        var weights = tensors
        weights["optimization_step"] = nil
        try parameters.load(from: weights, file: file)
        optimizationStep = Int(try step.int64Values()[0])
    }
}

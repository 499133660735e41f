import Foundation

/// Learning-rate schedules as in diffusers' `optimization.py`, stated per optimizer step
/// (`step` counts completed steps, starting at 0 for the first update).
public enum LearningRateSchedule: Sendable, Hashable, Codable {
    /// `lr` at every step.
    case constant(learningRate: Double)
    /// Linear warm-up from 0 to `lr` over `warmupSteps`, then `lr` (diffusers'
    /// `get_constant_schedule_with_warmup`).
    case constantWithWarmup(learningRate: Double, warmupSteps: Int)
    /// diffusers' `get_cosine_schedule_with_warmup` with `num_cycles = 0.5`:
    /// `lr * step / warmup` during warm-up, then
    /// `lr * max(0, 0.5 (1 + cos(pi * 2 * cycles * progress)))` with
    /// `progress = (step - warmup) / max(1, total - warmup)`. As in diffusers, steps past
    /// `totalSteps` are not clamped (the cosine rises again); stop training at `totalSteps`.
    case cosineWithWarmup(learningRate: Double, warmupSteps: Int, totalSteps: Int)

    /// The learning rate to use for the update numbered `step` (0-based).
    public func learningRate(atStep step: Int) -> Double {
        switch self {
        case .constant(let lr):
            return lr
        case .constantWithWarmup(let lr, let warmup):
            return step < warmup ? lr * Double(step) / Double(max(1, warmup)) : lr
        case .cosineWithWarmup(let lr, let warmup, let total):
            if step < warmup { return lr * Double(step) / Double(max(1, warmup)) }
            let progress = Double(step - warmup) / Double(max(1, total - warmup))
            let cycles = 0.5
            return lr * max(0, 0.5 * (1 + Foundation.cos(Double.pi * cycles * 2 * progress)))
        }
    }
}

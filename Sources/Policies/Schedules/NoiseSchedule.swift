import Foundation

/// The discrete diffusion schedule: `betas`, `alphas = 1 - betas` and their cumulative
/// products `alphaBars` for steps `0..<T` (step 0 is the least noisy).
public struct NoiseSchedule: Sendable, Hashable {
    public let betas: [Double]
    public let alphaBars: [Double]

    public var stepCount: Int { betas.count }

    /// diffusers' `squaredcos_cap_v2` (the cosine schedule of Nichol & Dhariwal):
    /// `beta_i = min(1 - abar((i+1)/T) / abar(i/T), 0.999)` with
    /// `abar(t) = cos((t + 0.008) / 1.008 * pi / 2)^2`.
    public static func cosine(steps: Int = 100) -> NoiseSchedule {
        func abar(_ t: Double) -> Double {
            let c = cos((t + 0.008) / 1.008 * Double.pi / 2)
            return c * c
        }
        let betas = (0..<steps).map { i in
            min(1 - abar(Double(i + 1) / Double(steps)) / abar(Double(i) / Double(steps)), 0.999)
        }
        return NoiseSchedule(betas: betas)
    }

    public init(betas: [Double]) {
        self.betas = betas
        var product = 1.0
        alphaBars = betas.map { beta in
            product *= 1 - beta
            return product
        }
    }

    /// `abar[k]`, with `abar[-1] = 1` (no noise) as the end of sampling.
    @inline(__always) public func alphaBar(_ k: Int) -> Double { k < 0 ? 1 : alphaBars[k] }

    /// The `count` steps DDIM visits, from noisiest to cleanest, evenly spaced as diffusers'
    /// "leading" spacing: `(count - 1 - i) * (T / count)` (T = 100, count = 10: 90, 80, ..., 0).
    public func ddimSteps(_ count: Int) -> [Int] {
        precondition(count >= 1 && count <= stepCount, "DDIM steps must be in 1...\(stepCount)")
        let ratio = stepCount / count
        return (0..<count).reversed().map { $0 * ratio }
    }
}

/// Pointwise nonlinearities with explicit derivatives.
///
/// Training stores `f'(x)` during the forward pass (one extra write per element) so the
/// backward pass is a single multiply and never recomputes an exponential.
public enum Activation: String, Sendable, CaseIterable {
    /// `f(x) = x`.
    case identity
    /// `f(x) = max(0, x)`; `f'(0) = 0` as in PyTorch.
    case relu
    /// `f(x) = tanh(x)`.
    case tanh
    /// `f(x) = x * sigmoid(x)` (a.k.a. swish).
    case silu
    /// `f(x) = x * tanh(softplus(x))` (Misra 2019); PyTorch's `nn.Mish`.
    case mish
}

extension Activation {
    /// `output = f(input)` elementwise; if `derivative` is given, it receives `f'(input)`.
    /// All matrices have the same shape; `output` may be `input` (each element is read
    /// before it is written).
    public func forward(_ input: Matrix, into output: Matrix, derivative: Matrix? = nil) {
        precondition(input.count == output.count && (derivative?.count ?? input.count) == input.count,
                     "activation shapes differ")
        apply(input.pointer, output.pointer, count: input.count, derivative: derivative?.pointer)
    }

    /// `inputGradient = outputGradient * f'(input)`, with `derivative` saved by `forward`.
    /// With `accumulate`, adds to `inputGradient` instead of overwriting it.
    public func backward(derivative: Matrix, outputGradient: Matrix, into inputGradient: Matrix, accumulate: Bool = false) {
        precondition(derivative.count == outputGradient.count && inputGradient.count == derivative.count,
                     "activation gradient shapes differ")
        let d = derivative.pointer, g = outputGradient.pointer, out = inputGradient.pointer
        if accumulate {
            for i in 0..<derivative.count { out[i] += g[i] * d[i] }
        } else {
            for i in 0..<derivative.count { out[i] = g[i] * d[i] }
        }
    }

    /// Pointer-level kernel shared by the layers: `output[i] = f(input[i])`, and
    /// `derivative[i] = f'(input[i])` when a derivative buffer is given.
    @inline(__always)
    func apply(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
               derivative: UnsafeMutablePointer<Float>?) {
        typealias V = VectorMath.Vector
        let one = V(repeating: 1), two = V(repeating: 2)
        switch self {
        case .identity:
            if UnsafePointer(output) != input { output.update(from: input, count: count) }
            derivative?.update(repeating: 1, count: count)
        case .relu:
            VectorMath.map(count: count) { i, lanes in
                let x = VectorMath.load(input + i, lanes: lanes)
                let positive = x .> V()
                VectorMath.store(V().replacing(with: x, where: positive), output + i, lanes: lanes)
                if let derivative {
                    VectorMath.store(V().replacing(with: one, where: positive), derivative + i, lanes: lanes)
                }
            }
        case .tanh:
            VectorMath.map(count: count) { i, lanes in
                let x = VectorMath.load(input + i, lanes: lanes)
                // tanh x = 1 - 2 / (e^{2x} + 1); exact limits at both ends after clamping.
                let y = one - two / (VectorMath.exp(two * x) + one)
                VectorMath.store(y, output + i, lanes: lanes)
                if let derivative { VectorMath.store(one - y * y, derivative + i, lanes: lanes) }
            }
        case .silu:
            VectorMath.map(count: count) { i, lanes in
                let x = VectorMath.load(input + i, lanes: lanes)
                let s = one / (one + VectorMath.exp(-x))
                VectorMath.store(x * s, output + i, lanes: lanes)
                if let derivative { VectorMath.store(s * (one + x * (one - s)), derivative + i, lanes: lanes) }
            }
        case .mish:
            VectorMath.map(count: count) { i, lanes in
                let x = VectorMath.load(input + i, lanes: lanes)
                // With e = e^x: tanh(softplus x) = n / (n + 2), n = e (e + 2). Above x = 20
                // the ratio is 1 in float, so clamping there avoids e^2 overflowing.
                let e = VectorMath.exp(x.replacing(with: V(repeating: 20), where: x .> V(repeating: 20)))
                let n = e * (e + two)
                let t = n / (n + two)
                VectorMath.store(x * t, output + i, lanes: lanes)
                if let derivative {
                    let sigmoid = e / (e + one)
                    VectorMath.store(t + x * sigmoid * (one - t * t), derivative + i, lanes: lanes)
                }
            }
        }
    }
}

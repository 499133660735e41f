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
    /// `derivative[i] = f'(input[i])` when a derivative buffer is given. Plain scalar loops
    /// without branches, which the compiler vectorises.
    @inline(__always)
    func apply(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
               derivative: UnsafeMutablePointer<Float>?) {
        switch (self, derivative) {
        case (.identity, _):
            if UnsafePointer(output) != input { output.update(from: input, count: count) }
            derivative?.update(repeating: 1, count: count)
        case (.relu, nil):
            for i in 0..<count { output[i] = input[i] > 0 ? input[i] : 0 }
        case (.relu, let d?):
            for i in 0..<count {
                let x = input[i]
                output[i] = x > 0 ? x : 0
                d[i] = x > 0 ? 1 : 0
            }
        case (.tanh, nil):
            for i in 0..<count { output[i] = Self.tanh(input[i]) }
        case (.tanh, let d?):
            for i in 0..<count {
                let y = Self.tanh(input[i])
                output[i] = y
                d[i] = 1 - y * y
            }
        case (.silu, nil):
            for i in 0..<count { output[i] = input[i] / (1 + VectorMath.exp(-input[i])) }
        case (.silu, let d?):
            for i in 0..<count {
                let x = input[i]
                let s = 1 / (1 + VectorMath.exp(-x))
                output[i] = x * s
                d[i] = s * (1 + x * (1 - s))
            }
        case (.mish, nil):
            for i in 0..<count {
                let x = input[i]
                let (t, _) = Self.mishParts(x)
                output[i] = x * t
            }
        case (.mish, let d?):
            for i in 0..<count {
                let x = input[i]
                let (t, sigmoid) = Self.mishParts(x)
                output[i] = x * t
                d[i] = t + x * sigmoid * (1 - t * t)
            }
        }
    }

    /// tanh x = 1 - 2 / (e^{2x} + 1); exact limits at both ends after clamping in `exp`.
    @inline(__always)
    static func tanh(_ x: Float) -> Float { 1 - 2 / (VectorMath.exp(2 * x) + 1) }

    /// For Mish: `(tanh(softplus x), sigmoid x)`. With e = e^x, tanh(softplus x) = n / (n + 2)
    /// where n = e (e + 2). Above x = 20 the ratio is 1 in float, so clamping there avoids
    /// e^2 overflowing.
    @inline(__always)
    static func mishParts(_ x: Float) -> (Float, Float) {
        let e = VectorMath.exp(x > 20 ? 20 : x)
        let n = e * (e + 2)
        return (n / (n + 2), e / (e + 1))
    }
}

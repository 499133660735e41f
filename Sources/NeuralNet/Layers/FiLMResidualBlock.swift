/// The residual block of the reference denoiser, with FiLM conditioning:
///
///     (scale, shift) = split(film(c))                    film: Linear(conditionWidth, 2 width)
///     h' = h + linear(act(norm(h) * (1 + scale) + shift))  linear: Linear(width, width)
///
/// `scale` is the first `width` columns of `film(c)`, `shift` the last. Parameters:
/// `name.norm.*`, `name.film.*`, `name.linear.*`. Shapes: `h` is `batch x width`, `c` is
/// `batch x conditionWidth`.
public struct FiLMResidualBlock {
    public let width: Int
    public let conditionWidth: Int
    public let activation: Activation
    public let norm: LayerNorm
    public let film: Linear
    public let linear: Linear

    public init(width: Int, conditionWidth: Int, activation: Activation = .mish,
                name: String, random: inout RandomSource) {
        self.width = width
        self.conditionWidth = conditionWidth
        self.activation = activation
        norm = LayerNorm(features: width, name: name + ".norm")
        film = Linear(inputs: conditionWidth, outputs: 2 * width, name: name + ".film", random: &random)
        linear = Linear(inputs: width, outputs: width, name: name + ".linear", random: &random)
    }

    public var parameters: [Parameter] { norm.parameters + film.parameters + linear.parameters }

    /// Saved activations and gradient scratch for one batch size.
    public struct Workspace {
        public let batchSize: Int
        let normalized, inverseStd, normOutput, scaleShift, activated, derivative: Matrix
        let activatedGradient, scaleShiftGradient, normGradient: Matrix

        public init(for block: FiLMResidualBlock, batchSize: Int) {
            self.batchSize = batchSize
            let w = block.width
            normalized = Matrix(rows: batchSize, columns: w)
            inverseStd = Matrix(rows: batchSize, columns: 1)
            normOutput = Matrix(rows: batchSize, columns: w)
            scaleShift = Matrix(rows: batchSize, columns: 2 * w)
            activated = Matrix(rows: batchSize, columns: w)
            derivative = Matrix(rows: batchSize, columns: w)
            activatedGradient = Matrix(rows: batchSize, columns: w)
            scaleShiftGradient = Matrix(rows: batchSize, columns: 2 * w)
            normGradient = Matrix(rows: batchSize, columns: w)
        }
    }

    /// Forward pass: `output = block(h, condition)`; `output` must not alias `h`.
    /// `training` saves the activation derivative that `backward` needs.
    public func forward(_ h: Matrix, condition: Matrix, into output: Matrix, workspace: Workspace,
                        training: Bool = true) {
        film.forward(condition, into: workspace.scaleShift)
        modulate(h, scaleShift: workspace.scaleShift.pointer, rowStride: 2 * width,
                 workspace: workspace, derivative: training ? workspace.derivative : nil)
        output.assign(from: h)
        linear.addBias(into: output)
        linear.addProduct(workspace.activated, columns: 0..<width, into: output)
    }

    /// Inference step with a precomputed `(scale, shift)` row (`2 width` floats) shared by
    /// every row of `h`; updates `h` in place. Uses only the forward buffers of `workspace`.
    public func forward(inPlace h: Matrix, scaleShift: UnsafePointer<Float>, workspace: Workspace) {
        modulate(h, scaleShift: scaleShift, rowStride: 0, workspace: workspace, derivative: nil)
        linear.addBias(into: h)
        linear.addProduct(workspace.activated, columns: 0..<width, into: h)
    }

    /// `activated = act(LN(h) * (1 + scale) + shift)`; row `r` reads its scale/shift at
    /// `scaleShift + r * rowStride` (stride 0 broadcasts one row).
    private func modulate(_ h: Matrix, scaleShift: UnsafePointer<Float>, rowStride: Int,
                          workspace: Workspace, derivative: Matrix?) {
        norm.forward(h, into: workspace.normOutput, normalized: workspace.normalized,
                     inverseStd: workspace.inverseStd)
        let w = width
        for r in 0..<h.rows {
            let y = workspace.normOutput.row(r), u = workspace.activated.row(r)
            let scale = scaleShift + r * rowStride, shift = scale + w
            for j in 0..<w { u[j] = y[j] * (1 + scale[j]) + shift[j] }
        }
        activation.apply(workspace.activated.pointer, workspace.activated.pointer,
                         count: h.rows * w, derivative: derivative?.pointer)
    }

    /// Backward pass after a training `forward`: parameter gradients (overwritten),
    /// `inputGradient` = dL/dh (overwritten), and dL/d condition written or, with
    /// `accumulateCondition`, added to `conditionGradient` (the condition feeds every block).
    public func backward(outputGradient: Matrix, condition: Matrix, workspace: Workspace,
                         inputGradient: Matrix, conditionGradient: Matrix?, accumulateCondition: Bool) {
        let w = width
        linear.backward(input: workspace.activated, outputGradient: outputGradient,
                        inputGradient: workspace.activatedGradient)
        for r in 0..<outputGradient.rows {
            let da = workspace.activatedGradient.row(r), d = workspace.derivative.row(r)
            let y = workspace.normOutput.row(r), scale = workspace.scaleShift.row(r)
            let dScale = workspace.scaleShiftGradient.row(r), dShift = dScale + w
            let dy = workspace.normGradient.row(r)
            for j in 0..<w {
                let du = da[j] * d[j]
                dScale[j] = du * y[j]
                dShift[j] = du
                dy[j] = du * (1 + scale[j])
            }
        }
        film.backward(input: condition, outputGradient: workspace.scaleShiftGradient,
                      inputGradient: conditionGradient, accumulateInput: accumulateCondition)
        norm.backward(outputGradient: workspace.normGradient, normalized: workspace.normalized,
                      inverseStd: workspace.inverseStd, inputGradient: inputGradient)
        inputGradient.add(outputGradient)
    }
}

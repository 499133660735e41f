/// The residual block of the reference denoiser, with FiLM conditioning:
///
///     (scale, shift) = split(film([c, o]))               film: Linear(conditionWidth + observationWidth, 2 width)
///     h' = h + linear(act(norm(h) * (1 + scale) + shift))  linear: Linear(width, width)
///
/// `c` is the time embedding; `o`, when `observationWidth > 0`, the observation, as in
/// Diffusion Policy, whose FiLM reads the time and the observation together (a condition
/// that enters only the first layer reaches the deep layers diluted by the noisy input).
/// `scale` is the first `width` columns of `film(...)`, `shift` the last. Parameters:
/// `name.norm.*`, `name.film.*`, `name.linear.*`. Shapes: `h` is `batch x width`, `c` is
/// `batch x conditionWidth`, `o` is `batch x observationWidth`.
public struct FiLMResidualBlock {
    public let width: Int
    public let conditionWidth: Int
    /// Observation features read by FiLM besides the condition (0: none).
    public let observationWidth: Int
    public let activation: Activation
    public let norm: LayerNorm
    public let film: Linear
    public let linear: Linear

    public init(width: Int, conditionWidth: Int, observationWidth: Int = 0, activation: Activation = .mish,
                name: String, random: inout RandomSource) {
        self.width = width
        self.conditionWidth = conditionWidth
        self.observationWidth = observationWidth
        self.activation = activation
        norm = LayerNorm(features: width, name: name + ".norm")
        film = Linear(inputs: conditionWidth + observationWidth, outputs: 2 * width, name: name + ".film",
                      random: &random)
        linear = Linear(inputs: width, outputs: width, name: name + ".linear", random: &random)
    }

    public var parameters: [Parameter] { norm.parameters + film.parameters + linear.parameters }

    /// Saved activations and gradient scratch for one batch size.
    public struct Workspace {
        public let batchSize: Int
        let normalized, inverseStd, scaleShift, activated, derivative: Matrix
        let activatedGradient, scaleShiftGradient, normGradient: Matrix
        /// With a condition table of `tableRows` rows: the FiLM of each table row (bias
        /// and condition part, `tableRows x 2 width`) and its gradient; empty otherwise.
        let tableFilm, tableFilmGradient: Matrix

        /// `tableRows`: rows of the condition table the block will be given (0: one
        /// condition row per batch row).
        public init(for block: FiLMResidualBlock, batchSize: Int, tableRows: Int = 0) {
            self.batchSize = batchSize
            let w = block.width
            tableFilm = Matrix(rows: tableRows, columns: 2 * w)
            tableFilmGradient = Matrix(rows: tableRows, columns: 2 * w)
            normalized = Matrix(rows: batchSize, columns: w)
            inverseStd = Matrix(rows: batchSize, columns: 1)
            scaleShift = Matrix(rows: batchSize, columns: 2 * w)
            activated = Matrix(rows: batchSize, columns: w)
            derivative = Matrix(rows: batchSize, columns: w)
            activatedGradient = Matrix(rows: batchSize, columns: w)
            scaleShiftGradient = Matrix(rows: batchSize, columns: 2 * w)
            // One row: the backward pass uses it row by row.
            normGradient = Matrix(rows: 1, columns: w)
        }
    }

    var conditionColumns: Range<Int> { 0..<conditionWidth }
    var observationColumns: Range<Int> { conditionWidth..<(conditionWidth + observationWidth) }

    /// Forward pass: `output = block(h, condition, observation)`; `output` must not alias
    /// `h`; `observation` is required exactly when `observationWidth > 0`.
    /// `training` saves the activation derivative that `backward` needs.
    ///
    /// With `conditionRows`, `condition` is a table (`workspace`'s `tableRows` rows) and
    /// batch row `r` reads its row `conditionRows[r]`: the FiLM's condition part is then
    /// computed once per table row (a diffusion step shared by many batch rows) instead of
    /// once per batch row. The same function; rows agree to float rounding.
    public func forward(_ h: Matrix, condition: Matrix, conditionRows: UnsafePointer<Int>? = nil,
                        observation: Matrix? = nil, into output: Matrix, workspace: Workspace, training: Bool = true) {
        if let conditionRows {
            let table = workspace.tableFilm
            precondition(condition.rows == table.rows, "the condition table has \(condition.rows) rows, the workspace \(table.rows)")
            film.setBias(into: table)
            film.addProduct(condition, columns: conditionColumns, into: table)
            for r in 0..<h.rows {
                workspace.scaleShift.row(r).update(from: table.row(conditionRows[r]), count: 2 * width)
            }
        } else {
            film.setBias(into: workspace.scaleShift)
            film.addProduct(condition, columns: conditionColumns, into: workspace.scaleShift)
        }
        if observationWidth > 0 {
            guard let observation else { preconditionFailure("this block's FiLM reads an observation") }
            film.addProduct(observation, columns: observationColumns, into: workspace.scaleShift)
        }
        modulate(h, scaleShift: workspace.scaleShift.pointer, rowStride: 2 * width, rowTerm: nil,
                 workspace: workspace, derivative: training ? workspace.derivative : nil)
        // output = h + bias in one pass, then the product.
        let bias = linear.bias.value.pointer
        for r in 0..<h.rows {
            let x = h.row(r), y = output.row(r)
            for j in 0..<width { y[j] = x[j] + bias[j] }
        }
        linear.addProduct(workspace.activated, columns: 0..<width, into: output)
    }

    /// The observation's part of `film` (no bias), `batch x 2 width`: what `forward(inPlace:)`
    /// adds per row to the shared time part. Compute once per chunk.
    public func observationTerm(_ observation: Matrix, into term: Matrix) {
        precondition(observationWidth > 0, "this block's FiLM reads no observation")
        term.fill(0)
        film.addProduct(observation, columns: observationColumns, into: term)
    }

    /// Inference step with a precomputed `(scale, shift)` row (`2 width` floats) shared by
    /// every row of `h`, plus, when the FiLM reads the observation, that row's
    /// `observationTerm`; updates `h` in place. Uses only the forward buffers of `workspace`.
    public func forward(inPlace h: Matrix, scaleShift: UnsafePointer<Float>, observationTerm: Matrix?,
                        workspace: Workspace) {
        modulate(h, scaleShift: scaleShift, rowStride: 0, rowTerm: observationTerm, workspace: workspace,
                 derivative: nil)
        linear.addBias(into: h)
        linear.addProduct(workspace.activated, columns: 0..<width, into: h)
    }

    /// `activated = act(LN(h) * (1 + scale) + shift)`; row `r` reads its scale/shift at
    /// `scaleShift + r * rowStride` (stride 0 broadcasts one row), plus row `r` of `rowTerm`.
    /// Saves `xhat` and `1/std` (and with `derivative`, `act'`) for `backward`.
    ///
    /// Row by row, while the row is in L1: the norm's statistics, the normalised row and the
    /// modulation, with the same float operations in the same order as `LayerNorm.forward`
    /// and the modulation run one after the other over the whole batch (so the results are
    /// bit for bit theirs); then the activation. Each loop reads few arrays: with more,
    /// LLVM's runtime alias checks give up and the loop stays scalar.
    private func modulate(_ h: Matrix, scaleShift: UnsafePointer<Float>, rowStride: Int, rowTerm: Matrix?,
                          workspace: Workspace, derivative: Matrix?) {
        let w = width
        precondition(h.columns == w && h.rows <= workspace.normalized.rows && (rowTerm?.rows ?? h.rows) == h.rows,
                     "FiLM block shapes do not match")
        let gamma = norm.weight.value.pointer, beta = norm.bias.value.pointer
        // The pre-activation goes to a scratch buffer (`activatedGradient`, free until
        // backward) so the activation reads one buffer and writes another: see below.
        let preActivation = workspace.activatedGradient
        for r in 0..<h.rows {
            let x = h.row(r), xhat = workspace.normalized.row(r), u = preActivation.row(r)
            let (mean, rstd) = norm.statistics(x)
            workspace.inverseStd.pointer[r] = rstd
            for j in 0..<w { xhat[j] = (x[j] - mean) * rstd }
            // The norm's output, as `LayerNorm.forward` computes it.
            for j in 0..<w { u[j] = xhat[j] * gamma[j] + beta[j] }
            let scale = scaleShift + r * rowStride, shift = scale + w
            if let rowTerm {
                let extraScale = rowTerm.row(r), extraShift = extraScale + w
                for j in 0..<w { u[j] = u[j] * (1 + scale[j] + extraScale[j]) + shift[j] + extraShift[j] }
            } else {
                for j in 0..<w { u[j] = u[j] * (1 + scale[j]) + shift[j] }
            }
        }
        // Out of place: the compiler does not inline `apply` here, and in place its loop
        // fails the vectoriser's runtime overlap check and runs scalar (25 % slower at
        // batch 256, measured).
        activation.apply(preActivation.pointer, workspace.activated.pointer,
                         count: h.rows * w, derivative: derivative?.pointer)
    }

    /// Backward pass after a training `forward`: parameter gradients (overwritten),
    /// `inputGradient` = dL/dh (overwritten), and dL/d condition (and dL/d observation)
    /// written or, with `accumulateCondition`, added to `conditionGradient` (and
    /// `observationGradient`): the condition feeds every block. With `conditionRows` (as
    /// in `forward`) `condition` and `conditionGradient` are per table row: the gradients
    /// of the batch rows sharing a table row are summed first.
    public func backward(outputGradient: Matrix, condition: Matrix, conditionRows: UnsafePointer<Int>? = nil,
                         observation: Matrix? = nil, workspace: Workspace, inputGradient: Matrix,
                         conditionGradient: Matrix?, observationGradient: Matrix? = nil, accumulateCondition: Bool) {
        let w = width
        linear.backward(input: workspace.activated, outputGradient: outputGradient,
                        inputGradient: workspace.activatedGradient)
        // Per row, while it is in L1: through the activation and the modulation, then the
        // norm's backward plus the residual path (`norm.backward` and `inputGradient.add`
        // fused; the same operations in the same order).
        let gamma = norm.weight.value.pointer, beta = norm.bias.value.pointer
        norm.weight.gradient.fill(0)
        norm.bias.gradient.fill(0)
        let dy = workspace.normGradient.pointer
        for r in 0..<outputGradient.rows {
            let da = workspace.activatedGradient.row(r), d = workspace.derivative.row(r)
            let xhat = workspace.normalized.row(r), scale = workspace.scaleShift.row(r)
            let dScale = workspace.scaleShiftGradient.row(r), dShift = dScale + w
            // Short loops (see `modulate`); `dShift` holds du = da * act'.
            for j in 0..<w { dShift[j] = da[j] * d[j] }
            // The norm's output, recomputed as `LayerNorm.forward` computes it.
            for j in 0..<w { dScale[j] = dShift[j] * (xhat[j] * gamma[j] + beta[j]) }
            for j in 0..<w { dy[j] = dShift[j] * (1 + scale[j]) }
            norm.backwardRow(outputGradient: dy, normalized: xhat, inverseStd: workspace.inverseStd.pointer[r],
                             inputGradient: inputGradient.row(r), adding: outputGradient.row(r))
        }
        let dFilm = workspace.scaleShiftGradient
        // The gradient of the condition part, per condition row.
        var dConditionFilm = dFilm
        if let conditionRows {
            dConditionFilm = workspace.tableFilmGradient
            dConditionFilm.fill(0)
            for r in 0..<outputGradient.rows {
                let source = dFilm.row(r), target = dConditionFilm.row(conditionRows[r])
                for j in 0..<(2 * w) { target[j] += source[j] }
            }
        }
        film.accumulateBiasGradient(dConditionFilm, accumulate: false)
        film.accumulateWeightGradient(input: condition, columns: conditionColumns, outputGradient: dConditionFilm,
                                      accumulate: false)
        if let conditionGradient {
            film.propagate(dConditionFilm, columns: conditionColumns, into: conditionGradient,
                           accumulate: accumulateCondition)
        }
        if observationWidth > 0 {
            guard let observation else { preconditionFailure("this block's FiLM reads an observation") }
            film.accumulateWeightGradient(input: observation, columns: observationColumns, outputGradient: dFilm,
                                          accumulate: false)
            if let observationGradient {
                film.propagate(dFilm, columns: observationColumns, into: observationGradient,
                               accumulate: accumulateCondition)
            }
        }
    }
}

/// A fully connected layer `y = x W^T + b` (PyTorch `nn.Linear`).
///
/// Layout: `weight` is `outputs x inputs` row-major (PyTorch's layout, so files load
/// unchanged), `bias` is `1 x outputs`. Activations are `batch x features`. Products go
/// through `sgemm`, or `sgemv` when the batch is 1 (OpenBLAS threads `sgemv` at one row).
///
/// Backward passes write gradients (overwrite) unless asked to accumulate; each parameter
/// is used once per pass in the networks here, so no separate zeroing pass is needed.
/// The `columns:` variants treat the input as a slice of a concatenated input, so
/// `W [x; obs] = W_x x + W_obs obs` is evaluated without building the concatenation.
public struct Linear {
    public let inputs: Int
    public let outputs: Int
    public let weight: Parameter
    public let bias: Parameter

    /// A layer with PyTorch's default initialisation: weight and bias uniform in
    /// `[-1/sqrt(inputs), 1/sqrt(inputs)]` (kaiming_uniform with a = sqrt(5)), weight drawn
    /// first in row-major order, then bias. Parameters are `name.weight`, `name.bias`.
    public init(inputs: Int, outputs: Int, name: String, random: inout RandomSource) {
        self.inputs = inputs
        self.outputs = outputs
        weight = Parameter(name: name + ".weight", shape: [outputs, inputs], rows: outputs, columns: inputs)
        bias = Parameter(name: name + ".bias", shape: [outputs], rows: 1, columns: outputs)
        let bound = 1 / Float(inputs).squareRoot()
        random.fillUniform(weight.value, -bound, bound)
        random.fillUniform(bias.value, -bound, bound)
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// `output (batch x outputs) = input (batch x inputs) W^T + b`.
    public func forward(_ input: Matrix, into output: Matrix) {
        precondition(input.columns == inputs, "Linear expects \(inputs) input features, got \(input.columns)")
        setBias(into: output)
        addProduct(input, columns: 0..<inputs, into: output)
    }

    /// Writes the bias into every row of `output`.
    func setBias(into output: Matrix) {
        precondition(output.columns == outputs, "Linear output needs \(outputs) columns, got \(output.columns)")
        for r in 0..<output.rows { output.row(r).update(from: bias.value.pointer, count: outputs) }
    }

    /// Adds the bias to every row of `output`.
    func addBias(into output: Matrix) {
        let b = bias.value.pointer
        for r in 0..<output.rows {
            let y = output.row(r)
            for j in 0..<outputs { y[j] += b[j] }
        }
    }

    /// `output += input W[:, columns]^T`, where `input` holds the `columns` slice of the
    /// layer's input features (batch x columns.count).
    func addProduct(_ input: Matrix, columns: Range<Int>, into output: Matrix) {
        precondition(input.columns == columns.count && input.rows == output.rows && output.columns == outputs,
                     "Linear slice shapes do not match")
        let w = UnsafePointer(weight.value.pointer + columns.lowerBound)
        if input.rows == 1 {
            BLAS.gemv(transposeA: false, m: outputs, n: columns.count, a: w, lda: inputs,
                      x: input.pointer, beta: 1, y: output.pointer)
        } else {
            BLAS.gemm(transposeA: false, transposeB: true, m: input.rows, n: outputs, k: columns.count,
                      a: input.pointer, lda: columns.count, b: w, ldb: inputs,
                      beta: 1, c: output.pointer, ldc: outputs)
        }
    }

    /// Full backward pass: parameter gradients from `input` and `outputGradient`, and
    /// `inputGradient = outputGradient W` when given.
    public func backward(
        input: Matrix, outputGradient: Matrix, inputGradient: Matrix?,
        accumulateParameters: Bool = false, accumulateInput: Bool = false
    ) {
        accumulateBiasGradient(outputGradient, accumulate: accumulateParameters)
        accumulateWeightGradient(input: input, columns: 0..<inputs, outputGradient: outputGradient,
                                 accumulate: accumulateParameters)
        if let inputGradient {
            propagate(outputGradient, columns: 0..<inputs, into: inputGradient, accumulate: accumulateInput)
        }
    }

    /// `inputGradient (+)= outputGradient W` alone, without parameter gradients: for
    /// backpropagating through a layer whose parameters this loss does not train (a critic
    /// inside an actor's loss).
    public func backwardInput(outputGradient: Matrix, into inputGradient: Matrix, accumulate: Bool = false) {
        propagate(outputGradient, columns: 0..<inputs, into: inputGradient, accumulate: accumulate)
    }

    /// `dW[:, columns] (+)= dY^T input`.
    func accumulateWeightGradient(input: Matrix, columns: Range<Int>, outputGradient: Matrix, accumulate: Bool) {
        precondition(input.columns == columns.count && input.rows == outputGradient.rows
                     && outputGradient.columns == outputs, "Linear gradient shapes do not match")
        BLAS.gemm(transposeA: true, transposeB: false, m: outputs, n: columns.count, k: input.rows,
                  a: outputGradient.pointer, lda: outputs, b: input.pointer, ldb: columns.count,
                  beta: accumulate ? 1 : 0, c: weight.gradient.pointer + columns.lowerBound, ldc: inputs)
    }

    /// `db (+)= column sums of dY`.
    func accumulateBiasGradient(_ outputGradient: Matrix, accumulate: Bool) {
        let db = bias.gradient.pointer
        if !accumulate { db.update(repeating: 0, count: outputs) }
        for r in 0..<outputGradient.rows {
            let g = outputGradient.row(r)
            for j in 0..<outputs { db[j] += g[j] }
        }
    }

    /// `inputGradient (+)= dY W[:, columns]` (batch x columns.count).
    func propagate(_ outputGradient: Matrix, columns: Range<Int>, into inputGradient: Matrix, accumulate: Bool) {
        precondition(inputGradient.columns == columns.count && inputGradient.rows == outputGradient.rows,
                     "Linear input-gradient shape does not match")
        let w = UnsafePointer(weight.value.pointer + columns.lowerBound)
        if outputGradient.rows == 1 {
            BLAS.gemv(transposeA: true, m: outputs, n: columns.count, a: w, lda: inputs,
                      x: outputGradient.pointer, beta: accumulate ? 1 : 0, y: inputGradient.pointer)
        } else {
            BLAS.gemm(transposeA: false, transposeB: false, m: outputGradient.rows, n: columns.count, k: outputs,
                      a: outputGradient.pointer, lda: outputs, b: w, ldb: inputs,
                      beta: accumulate ? 1 : 0, c: inputGradient.pointer, ldc: columns.count)
        }
    }
}

/// A stack of `Linear` layers with an activation between them (PyTorch
/// `nn.Sequential(Linear, act, Linear, act, ..., Linear)`).
///
/// `sizes = [in, h1, ..., out]`. Layer `i` is named `name.<2 i>`, the index it has in the
/// equivalent `nn.Sequential` where activations occupy the odd slots, so state dicts match.
/// The activation follows every layer but the last, unless `activatesOutput`.
public struct MLP {
    public let sizes: [Int]
    public let layers: [Linear]
    public let activation: Activation
    public let activatesOutput: Bool

    public init(sizes: [Int], activation: Activation, activatesOutput: Bool = false,
                name: String, random: inout RandomSource) {
        precondition(sizes.count >= 2, "an MLP needs at least input and output sizes")
        self.sizes = sizes
        self.activation = activation
        self.activatesOutput = activatesOutput
        var layers: [Linear] = []
        for i in 0..<(sizes.count - 1) {
            layers.append(Linear(inputs: sizes[i], outputs: sizes[i + 1], name: "\(name).\(2 * i)", random: &random))
        }
        self.layers = layers
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Buffers for one batch size: every layer's output, activation derivative and
    /// gradient scratch. Allocate once per batch size and reuse.
    public struct Workspace {
        public let batchSize: Int
        /// Output of layer `i` after its activation (`batch x sizes[i + 1]`).
        public let outputs: [Matrix]
        let derivatives: [Matrix]
        let gradients: [Matrix]

        public init(for mlp: MLP, batchSize: Int) {
            self.batchSize = batchSize
            let widths = mlp.sizes.dropFirst()
            outputs = widths.map { Matrix(rows: batchSize, columns: $0) }
            derivatives = widths.map { Matrix(rows: batchSize, columns: $0) }
            gradients = widths.map { Matrix(rows: batchSize, columns: $0) }
        }
    }

    private func isActivated(_ i: Int) -> Bool { i < layers.count - 1 || activatesOutput }

    /// Runs the stack on `input` (`batch x sizes[0]`); returns the workspace's last output.
    /// `training` saves activation derivatives for `backward`.
    @discardableResult
    public func forward(_ input: Matrix, workspace: Workspace, training: Bool = true) -> Matrix {
        var x = input
        for (i, layer) in layers.enumerated() {
            let y = workspace.outputs[i]
            layer.forward(x, into: y)
            if isActivated(i) {
                activation.forward(y, into: y, derivative: training ? workspace.derivatives[i] : nil)
            }
            x = y
        }
        return x
    }

    /// Parameter gradients (overwritten) and, when `inputGradient` is given, dL/d input
    /// (overwritten, or added with `accumulateInput`), after a training `forward` on `input`.
    public func backward(input: Matrix, outputGradient: Matrix, workspace: Workspace,
                         inputGradient: Matrix?, accumulateInput: Bool = false) {
        var g = outputGradient
        for i in stride(from: layers.count - 1, through: 0, by: -1) {
            if isActivated(i) {
                activation.backward(derivative: workspace.derivatives[i], outputGradient: g,
                                    into: workspace.gradients[i])
                g = workspace.gradients[i]
            }
            let layerInput = i == 0 ? input : workspace.outputs[i - 1]
            let target = i == 0 ? inputGradient : workspace.gradients[i - 1]
            layers[i].backward(input: layerInput, outputGradient: g, inputGradient: target,
                               accumulateInput: i == 0 && accumulateInput)
            if let target { g = target }
        }
    }
}

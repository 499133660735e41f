/// Gradient replicas: the same layer or network over the *same* weight matrices, with
/// gradient buffers of its own.
///
/// Data-parallel training runs the forward and backward passes of two parts of a batch
/// at once, one per thread. Weights are only read in those passes, so both parts can share
/// them; each part writes its own gradients, and the trainer sums them afterwards (in a
/// fixed order, so a run stays bit-reproducible for its thread count).
extension Parameter {
    /// This parameter's value (shared, not copied) with a new zero gradient.
    public func sharingValue() -> Parameter {
        Parameter(name: name, shape: shape, value: value, gradient: Matrix(rows: value.rows, columns: value.columns))
    }

    init(name: String, shape: [Int], value: Matrix, gradient: Matrix) {
        self.name = name
        self.shape = shape
        self.value = value
        self.gradient = gradient
    }
}

extension Linear {
    /// The same layer on the same weights, with its own gradients.
    public func gradientReplica() -> Linear {
        Linear(inputs: inputs, outputs: outputs, weight: weight.sharingValue(), bias: bias.sharingValue())
    }

    init(inputs: Int, outputs: Int, weight: Parameter, bias: Parameter) {
        self.inputs = inputs
        self.outputs = outputs
        self.weight = weight
        self.bias = bias
    }
}

extension LayerNorm {
    /// The same layer on the same weights, with its own gradients.
    public func gradientReplica() -> LayerNorm {
        LayerNorm(features: features, epsilon: epsilon, weight: weight.sharingValue(), bias: bias.sharingValue())
    }

    init(features: Int, epsilon: Float, weight: Parameter, bias: Parameter) {
        self.features = features
        self.epsilon = epsilon
        self.weight = weight
        self.bias = bias
    }
}

extension MLP {
    /// The same stack on the same weights, with its own gradients.
    public func gradientReplica() -> MLP {
        MLP(sizes: sizes, layers: layers.map { $0.gradientReplica() }, activation: activation,
            activatesOutput: activatesOutput)
    }

    init(sizes: [Int], layers: [Linear], activation: Activation, activatesOutput: Bool) {
        self.sizes = sizes
        self.layers = layers
        self.activation = activation
        self.activatesOutput = activatesOutput
    }
}

extension FiLMResidualBlock {
    /// The same block on the same weights, with its own gradients.
    public func gradientReplica() -> FiLMResidualBlock {
        FiLMResidualBlock(width: width, conditionWidth: conditionWidth, observationWidth: observationWidth,
                          activation: activation, norm: norm.gradientReplica(), film: film.gradientReplica(),
                          linear: linear.gradientReplica())
    }

    init(width: Int, conditionWidth: Int, observationWidth: Int, activation: Activation, norm: LayerNorm,
         film: Linear, linear: Linear) {
        self.width = width
        self.conditionWidth = conditionWidth
        self.observationWidth = observationWidth
        self.activation = activation
        self.norm = norm
        self.film = film
        self.linear = linear
    }
}

extension ConditionalResidualMLP {
    /// The same network on the same weights, with its own gradients (`parameters` line up
    /// with this network's, one for one).
    public func gradientReplica() -> ConditionalResidualMLP {
        ConditionalResidualMLP(configuration: configuration, timeEmbedding: timeEmbedding,
                               timeMLP: timeMLP.gradientReplica(), inputLayer: inputLayer.gradientReplica(),
                               blocks: blocks.map { $0.gradientReplica() }, finalNorm: finalNorm.gradientReplica(),
                               outputLayer: outputLayer.gradientReplica())
    }

    init(configuration: Configuration, timeEmbedding: SinusoidalTimeEmbedding, timeMLP: MLP, inputLayer: Linear,
         blocks: [FiLMResidualBlock], finalNorm: LayerNorm, outputLayer: Linear) {
        self.configuration = configuration
        self.timeEmbedding = timeEmbedding
        self.timeMLP = timeMLP
        self.inputLayer = inputLayer
        self.blocks = blocks
        self.finalNorm = finalNorm
        self.outputLayer = outputLayer
    }
}

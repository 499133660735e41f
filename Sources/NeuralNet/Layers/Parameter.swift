/// A named trainable tensor with its gradient buffer.
///
/// `name` is the safetensors key (PyTorch `state_dict` style, e.g. `blocks.0.linear.weight`);
/// `shape` is the logical shape written to files (`[out, in]` for a Linear weight, `[n]`
/// for a bias), while `value` and `gradient` store the same elements as a row-major
/// matrix (`1 x n` for vectors). Both matrices are shared references: optimizers and
/// layers update them in place.
public struct Parameter {
    public let name: String
    public let shape: [Int]
    public let value: Matrix
    public let gradient: Matrix

    /// A zero-initialised parameter stored as a `rows x columns` matrix.
    public init(name: String, shape: [Int], rows: Int, columns: Int) {
        precondition(shape.reduce(1, *) == rows * columns, "shape \(shape) does not hold \(rows) x \(columns)")
        self.name = name
        self.shape = shape
        self.value = Matrix(rows: rows, columns: columns)
        self.gradient = Matrix(rows: rows, columns: columns)
    }

    /// Number of scalar elements.
    public var count: Int { value.count }
}

extension Array where Element == Parameter {
    /// Sets every gradient to zero.
    public func zeroGradients() {
        for parameter in self { parameter.gradient.fill(0) }
    }

    /// Total number of scalar elements.
    public var scalarCount: Int { reduce(0) { $0 + $1.count } }
}

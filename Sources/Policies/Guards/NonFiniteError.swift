import NeuralNet

/// A number that stopped being finite (NaN or infinite) where the run depends on it: a
/// loss, a gradient, a weight, an observation or an action. Training, steering and
/// evaluation stop on the first one instead of carrying it into checkpoints and metrics.
///
/// Prints as one line naming where it happened, e.g.
/// `training step 3: the loss is nan (nothing of this step was applied)`.
public struct NonFiniteError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where: `training step 3`, `episode 12 step 40`.
    public var place: String
    /// What: `the loss`, `the gradient of model.blocks.0.linear.weight`, `the action`.
    public var tensor: String
    /// The offending value(s), as printed.
    public var value: String

    public init(place: String, tensor: String, value: String) {
        self.place = place
        self.tensor = tensor
        self.value = value
    }

    public var description: String { "\(place): \(tensor) is not finite (\(value))" }
}

extension Array where Element == Parameter {
    /// The first parameter whose values (or gradients) hold a NaN or an infinity.
    /// A sum of squares in Double is finite exactly when every element is.
    public func firstNonFinite(gradients: Bool = false) -> Parameter? {
        first { !(gradients ? $0.gradient : $0.value).sumOfSquares().isFinite }
    }
}

extension Sequence where Element: BinaryFloatingPoint {
    /// Whether every element is a finite number.
    var allFinite: Bool { allSatisfy(\.isFinite) }
}

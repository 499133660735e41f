/// A corrupt, truncated or mismatched tensor file, or a tensor of the wrong kind.
///
/// Prints as one line naming the file and the problem, e.g.
/// `model.safetensors: tensor 'blocks.0.linear.weight' has shape [512, 256], expected [512, 512]`.
public struct SafeTensorsError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file (path or name) the problem was found in; empty when not tied to a file.
    public var file: String
    /// What is wrong, without the file name.
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { file.isEmpty ? problem : "\(file): \(problem)" }
}

import Foundation

/// Saving and loading parameter sets by name.
extension Array where Element == Parameter {
    /// Every parameter as an F32 tensor keyed by its name, with its logical shape.
    public func namedTensors() -> [String: TensorData] {
        var tensors: [String: TensorData] = [:]
        for parameter in self { tensors[parameter.name] = TensorData(matrix: parameter.value, shape: parameter.shape) }
        return tensors
    }

    /// Copies `tensors` into the parameters. Every parameter must be present as F32 with
    /// its exact shape, and no other tensor may be present; the first offending tensor is
    /// named in the error and nothing is changed unless all pass.
    public func load(from tensors: [String: TensorData], file: String) throws {
        for parameter in self {
            _ = try TensorData.require(parameter.name, in: tensors, dtype: .f32, shape: parameter.shape, file: file)
        }
        let names = Set(map(\.name))
        if let extra = tensors.keys.sorted().first(where: { !names.contains($0) }) {
            throw SafeTensorsError(file: file, problem: "unexpected tensor '\(extra)' (not a parameter of this network)")
        }
        for parameter in self { try tensors[parameter.name]!.copyFloats(into: parameter.value) }
    }

    /// Writes the parameters (and `metadata`) to a safetensors file, atomically.
    public func save(to url: URL, metadata: [String: String] = [:]) throws {
        try SafeTensors.write(SafeTensorsFile(tensors: namedTensors(), metadata: metadata), to: url)
    }

    /// Reads a safetensors file and loads it with `load(from:file:)`.
    public func load(contentsOf url: URL) throws {
        try load(from: SafeTensors.read(contentsOf: url).tensors, file: url.path)
    }
}

import Foundation
import Testing
@testable import NeuralNet

@Suite struct SafeTensorsTests {
    static let resources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources")

    @Test func readsTheGoldenFileFromPython() throws {
        let file = try SafeTensors.read(contentsOf: Self.resources.appendingPathComponent("golden.safetensors"))
        #expect(file.metadata == ["format": "pt", "note": "golden \"quoted\""])
        #expect(Set(file.tensors.keys) == ["weight", "double", "steps", "labels", "bytes", "scalar"])
        let weight = try #require(file.tensors["weight"])
        #expect(weight.shape == [2, 3])
        #expect(try weight.floatValues() == [-0.5, -0.25, 0, 0.25, 0.5, 0.75])
        #expect(try file.tensors["double"]?.doubleValues() == [1.5, -2.25, 1e-300])
        #expect(try file.tensors["steps"]?.int64Values() == [0, -1, 1 << 40, 7])
        #expect(file.tensors["steps"]?.shape == [2, 2])
        #expect(try file.tensors["labels"]?.int32Values() == [-7, 0, Int32.max])
        #expect(try file.tensors["bytes"]?.uint8Values() == [0, 127, 255])
        #expect(file.tensors["scalar"]?.shape == [])
        #expect(try file.tensors["scalar"]?.floatValues() == [3.25])
    }

    static func sample() -> SafeTensorsFile {
        SafeTensorsFile(tensors: [
            "a.weight": TensorData(floats: [1, -2, 3.5, 0.25, 5, 6], shape: [2, 3]),
            "b": TensorData(doubles: [Double.pi, -1e-300]),
            "c": TensorData(int64: [Int64.min, 0, Int64.max]),
            "d": TensorData(int32: [-1, 2], shape: [1, 2]),
            "e": TensorData(uint8: [0, 255, 7]),
            "empty": TensorData(floats: [], shape: [0, 4]),
            "scalar": TensorData(int64: [42], shape: []),
        ], metadata: ["format": "pt", "quote\"key": "line\nbreak \u{1}"])
    }

    @Test func roundTripsEveryDType() throws {
        let bytes = SafeTensors.encode(Self.sample())
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)  // data section aligned, as Python writes it
        let decoded = try SafeTensors.decode(bytes, file: "x")
        #expect(decoded == Self.sample())
    }

    /// Writes files for `Scripts/check_safetensors_interop.py` when `PUSHFORWARD_INTEROP_DIR` is set.
    @Test func writesInteropFilesWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["PUSHFORWARD_INTEROP_DIR"] else { return }
        let url = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try SafeTensors.write(Self.sample(), to: url.appendingPathComponent("sample.safetensors"))
        var random = RandomSource(seed: 1)
        let network = ConditionalResidualMLP(configuration: .reference, random: &random)
        try network.parameters.save(to: url.appendingPathComponent("reference_denoiser.safetensors"),
                                    metadata: ["seed": "1"])
    }

    @Test func parameterLoadingChecksNamesAndShapes() throws {
        var random = RandomSource(seed: 2)
        let a = MLP(sizes: [3, 4, 2], activation: .mish, name: "m", random: &random)
        let b = MLP(sizes: [3, 4, 2], activation: .mish, name: "m", random: &random)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("m.safetensors")
        try a.parameters.save(to: url)
        try b.parameters.load(contentsOf: url)
        #expect(a.parameters.map(\.value.values) == b.parameters.map(\.value.values))

        var tensors = a.parameters.namedTensors()
        tensors["m.2.weight"] = TensorData(floats: Array(repeating: 0, count: 8), shape: [4, 2])
        #expect(throws: SafeTensorsError(file: "f", problem: "tensor 'm.2.weight' has shape [4, 2], expected [2, 4]")) {
            try b.parameters.load(from: tensors, file: "f")
        }
        tensors = a.parameters.namedTensors()
        tensors["m.0.bias"] = nil
        #expect(throws: SafeTensorsError(file: "f", problem: "missing tensor 'm.0.bias'")) {
            try b.parameters.load(from: tensors, file: "f")
        }
        tensors = a.parameters.namedTensors()
        tensors["m.4.weight"] = TensorData(floats: [1])
        #expect(throws: SafeTensorsError(file: "f", problem: "unexpected tensor 'm.4.weight' (not a parameter of this network)")) {
            try b.parameters.load(from: tensors, file: "f")
        }
        tensors = a.parameters.namedTensors()
        tensors["m.0.bias"] = TensorData(doubles: [1, 2, 3, 4])
        #expect(throws: SafeTensorsError(file: "f", problem: "tensor 'm.0.bias' has dtype F64, expected F32")) {
            try b.parameters.load(from: tensors, file: "f")
        }
        let missing = directory.appendingPathComponent("nope.safetensors")
        #expect(throws: SafeTensorsError.self) { try b.parameters.load(contentsOf: missing) }
    }
}

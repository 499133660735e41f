#if _endian(big)
#error("safetensors data is little-endian; TensorData copies host memory as is")
#endif

/// One tensor as stored in a safetensors file: element type, shape, and the raw
/// little-endian row-major bytes (the host order on every supported platform).
public struct TensorData: Sendable, Equatable {
    public let dtype: DType
    /// Dimensions, outermost first; `[]` is a scalar (one element).
    public let shape: [Int]
    public let bytes: [UInt8]

    /// Number of elements (the product of `shape`; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// A tensor from raw bytes, whose count must be `elementCount * dtype.size`.
    public init(dtype: DType, shape: [Int], bytes: [UInt8]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) * dtype.size == bytes.count,
                     "\(bytes.count) bytes do not hold a \(dtype.rawValue) tensor of shape \(shape)")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    private init<T>(_ values: [T], dtype: DType, shape: [Int]) {
        let bytes = values.withUnsafeBytes { Array($0) }
        self.init(dtype: dtype, shape: shape, bytes: bytes)
    }

    public init(floats: [Float], shape: [Int]? = nil) { self.init(floats, dtype: .f32, shape: shape ?? [floats.count]) }
    public init(doubles: [Double], shape: [Int]? = nil) { self.init(doubles, dtype: .f64, shape: shape ?? [doubles.count]) }
    public init(int64: [Int64], shape: [Int]? = nil) { self.init(int64, dtype: .i64, shape: shape ?? [int64.count]) }
    public init(int32: [Int32], shape: [Int]? = nil) { self.init(int32, dtype: .i32, shape: shape ?? [int32.count]) }
    public init(uint8: [UInt8], shape: [Int]? = nil) { self.init(dtype: .u8, shape: shape ?? [uint8.count], bytes: uint8) }

    /// An F32 tensor holding `matrix`'s elements with `shape` (default `[rows, columns]`).
    public init(matrix: Matrix, shape: [Int]? = nil) {
        let bytes = Array(UnsafeRawBufferPointer(start: matrix.pointer, count: matrix.count * 4))
        self.init(dtype: .f32, shape: shape ?? matrix.shape, bytes: bytes)
    }

    private func values<T>(_ type: T.Type, as expected: DType) throws -> [T] {
        guard dtype == expected else {
            throw SafeTensorsError(file: "", problem: "tensor is \(dtype.rawValue), not \(expected.rawValue)")
        }
        return [T](unsafeUninitializedCapacity: elementCount) { buffer, count in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            count = elementCount
        }
    }

    public func floatValues() throws -> [Float] { try values(Float.self, as: .f32) }
    public func doubleValues() throws -> [Double] { try values(Double.self, as: .f64) }
    public func int64Values() throws -> [Int64] { try values(Int64.self, as: .i64) }
    public func int32Values() throws -> [Int32] { try values(Int32.self, as: .i32) }
    public func uint8Values() throws -> [UInt8] { try values(UInt8.self, as: .u8) }

    /// Copies an F32 tensor's elements into `matrix`, which must have as many elements.
    public func copyFloats(into matrix: Matrix) throws {
        guard dtype == .f32, elementCount == matrix.count else {
            throw SafeTensorsError(file: "", problem: "a \(dtype.rawValue) tensor of shape \(shape) does not fit a \(matrix.rows) x \(matrix.columns) float matrix")
        }
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { UnsafeMutableRawPointer(matrix.pointer).copyMemory(from: base, byteCount: raw.count) }
        }
    }

    /// Looks `name` up and checks its dtype and shape; errors name the file and tensor.
    public static func require(_ name: String, in tensors: [String: TensorData], dtype: DType, shape: [Int],
                               file: String) throws -> TensorData {
        guard let tensor = tensors[name] else {
            throw SafeTensorsError(file: file, problem: "missing tensor '\(name)'")
        }
        guard tensor.dtype == dtype else {
            throw SafeTensorsError(file: file, problem: "tensor '\(name)' has dtype \(tensor.dtype.rawValue), expected \(dtype.rawValue)")
        }
        guard tensor.shape == shape else {
            throw SafeTensorsError(file: file, problem: "tensor '\(name)' has shape \(tensor.shape), expected \(shape)")
        }
        return tensor
    }
}

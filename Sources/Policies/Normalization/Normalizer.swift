import NeuralNet

/// Min-max normalisation of each dimension to [-1, 1], fitted on training data, as
/// Diffusion Policy does. A dimension with (almost) no range maps to 0 and back to its
/// constant value, rather than dividing by zero.
public struct Normalizer: Sendable, Hashable, Codable {
    public var minimum: [Float]
    public var maximum: [Float]

    public init(minimum: [Float], maximum: [Float]) {
        precondition(minimum.count == maximum.count, "minimum and maximum differ in length")
        self.minimum = minimum
        self.maximum = maximum
    }

    /// Fits on `rows` rows of `dimension` values each (row-major).
    public init(fitting values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "values do not split into rows")
        var lo = [Float](repeating: .infinity, count: dimension)
        var hi = [Float](repeating: -.infinity, count: dimension)
        for (i, v) in values.enumerated() {
            let d = i % dimension
            lo[d] = min(lo[d], v)
            hi[d] = max(hi[d], v)
        }
        if values.isEmpty { lo = .init(repeating: 0, count: dimension); hi = lo }
        self.init(minimum: lo, maximum: hi)
    }

    public var dimension: Int { minimum.count }

    /// Ranges below this are treated as constant.
    static let smallestRange: Float = 1e-6

    @inline(__always) func scale(_ d: Int) -> Float {
        let range = maximum[d] - minimum[d]
        return range < Self.smallestRange ? 0 : 2 / range
    }

    /// Half the range of dimension `d`: a step of 1 in normalised units is this many task units.
    public func halfRange(_ d: Int) -> Double { Double(maximum[d] - minimum[d]) / 2 }

    /// Normalises `count` values in place; `count` is a multiple of the dimension.
    public func normalize(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let n = dimension
        for i in 0..<count {
            let d = i % n
            let s = scale(d)
            values[i] = s == 0 ? 0 : (values[i] - minimum[d]) * s - 1
        }
    }

    /// Maps normalised values back, in place.
    public func denormalize(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let n = dimension
        for i in 0..<count {
            let d = i % n
            let range = maximum[d] - minimum[d]
            values[i] = range < Self.smallestRange ? minimum[d] : (values[i] + 1) * 0.5 * range + minimum[d]
        }
    }

    public func normalized(_ values: [Float]) -> [Float] {
        var copy = values
        copy.withUnsafeMutableBufferPointer { normalize($0.baseAddress!, count: $0.count) }
        return copy
    }

    public func denormalized(_ values: [Float]) -> [Float] {
        var copy = values
        copy.withUnsafeMutableBufferPointer { denormalize($0.baseAddress!, count: $0.count) }
        return copy
    }

    /// As named tensors `<prefix>.min` and `<prefix>.max` (F32, [dimension]).
    public func tensors(prefix: String) -> [String: TensorData] {
        ["\(prefix).min": TensorData(floats: minimum), "\(prefix).max": TensorData(floats: maximum)]
    }

    public init(tensors: [String: TensorData], prefix: String, dimension: Int, file: String) throws {
        let lo = try TensorData.require("\(prefix).min", in: tensors, dtype: .f32, shape: [dimension], file: file)
        let hi = try TensorData.require("\(prefix).max", in: tensors, dtype: .f32, shape: [dimension], file: file)
        self.init(minimum: try lo.floatValues(), maximum: try hi.floatValues())
    }
}

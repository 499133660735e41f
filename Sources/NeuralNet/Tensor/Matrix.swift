/// A dense float32 matrix: row-major, contiguous, 64-byte aligned, owned storage.
///
/// `Matrix` is a reference type on purpose: layers, optimizers and workspaces share
/// parameter and activation buffers and update them in place without copies, and the
/// hot loops work on `pointer` directly. Use `copy()` for an independent matrix.
/// Element `(r, c)` lives at `pointer[r * columns + c]`. A vector is a `1 x n` matrix.
///
/// Not `Sendable`: concurrent mutation through shared references would race; a matrix
/// belongs to one thread at a time (hand results across as `[Float]`).
public final class Matrix {
    /// Number of rows (for activations: the batch size).
    public let rows: Int
    /// Number of columns (for activations: the feature count).
    public let columns: Int
    /// `rows * columns`.
    public let count: Int
    /// Start of the `count` elements; valid for the matrix's lifetime.
    public let pointer: UnsafeMutablePointer<Float>

    /// A zero-filled `rows x columns` matrix.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "negative matrix dimension")
        self.rows = rows
        self.columns = columns
        self.count = rows * columns
        // Aligned to a cache line so SIMD loads never split lines at row 0.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(1, count) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(1, count))
        pointer.initialize(repeating: 0, count: max(1, count))
    }

    /// A `rows x columns` matrix holding `values` in row-major order.
    public convenience init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "expected \(rows * columns) values, got \(values.count)")
        self.init(rows: rows, columns: columns)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// A `rows x columns` matrix filled with `value`.
    public convenience init(rows: Int, columns: Int, repeating value: Float) {
        self.init(rows: rows, columns: columns)
        fill(value)
    }

    deinit {
        pointer.deinitialize(count: max(1, count))
        UnsafeMutableRawPointer(pointer).deallocate()
    }

    /// Element at row `r`, column `c` (bounds-checked; not for hot loops).
    public subscript(r: Int, c: Int) -> Float {
        get {
            precondition(r >= 0 && r < rows && c >= 0 && c < columns, "index (\(r), \(c)) out of \(rows) x \(columns)")
            return pointer[r * columns + c]
        }
        set {
            precondition(r >= 0 && r < rows && c >= 0 && c < columns, "index (\(r), \(c)) out of \(rows) x \(columns)")
            pointer[r * columns + c] = newValue
        }
    }

    /// The elements in row-major order.
    public var values: [Float] {
        Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// Pointer to the start of row `r`.
    @inline(__always)
    public func row(_ r: Int) -> UnsafeMutablePointer<Float> { pointer + r * columns }

    /// An independent matrix with the same shape and elements.
    public func copy() -> Matrix {
        let result = Matrix(rows: rows, columns: columns)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        pointer.update(repeating: value, count: count)
    }

    /// Copies the elements of `other`, which must have the same shape.
    public func assign(from other: Matrix) {
        precondition(rows == other.rows && columns == other.columns,
                     "shape mismatch: \(rows) x \(columns) vs \(other.rows) x \(other.columns)")
        pointer.update(from: other.pointer, count: count)
    }

    /// Copies `values` (row-major), whose count must equal `count`.
    public func assign(_ values: [Float]) {
        precondition(values.count == count, "expected \(count) values, got \(values.count)")
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    /// Shape as `[rows, columns]`.
    public var shape: [Int] { [rows, columns] }
}

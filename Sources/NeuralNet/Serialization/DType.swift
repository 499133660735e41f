/// Element types of the safetensors format, by their header names.
///
/// Reading accepts every standard name (so a file with, say, BF16 tensors parses);
/// `TensorData` converts F32, F64, I64, I32 and U8 to Swift arrays.
public enum DType: String, Sendable, CaseIterable, Codable {
    case bool = "BOOL"
    case u8 = "U8", i8 = "I8"
    case u16 = "U16", i16 = "I16", f16 = "F16", bf16 = "BF16"
    case u32 = "U32", i32 = "I32", f32 = "F32"
    case u64 = "U64", i64 = "I64", f64 = "F64"

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .bool, .u8, .i8: 1
        case .u16, .i16, .f16, .bf16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64: 8
        }
    }
}

import Foundation
import Runs

/// The contents of a safetensors file: named tensors plus the `__metadata__` string map.
public struct SafeTensorsFile: Sendable, Equatable {
    public var tensors: [String: TensorData]
    public var metadata: [String: String]

    public init(tensors: [String: TensorData], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }
}

/// Reading and writing the safetensors format (https://github.com/huggingface/safetensors):
///
///     [8 bytes: header length N, little-endian u64][N bytes: JSON header][data section]
///
/// The header maps each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the data section) and may hold `"__metadata__"`, a string map.
/// Reading is strict: the offsets must tile the data section exactly, in order, with no
/// gap, overlap or trailing byte; every shape must match its byte count; keys are unique.
public enum SafeTensors {
    /// Headers above this are refused (the reference implementation's limit, 100 MB).
    public static let maximumHeaderLength = 100_000_000

    /// Reads and validates the file at `url`. Errors name the file.
    public static func read(contentsOf url: URL) throws -> SafeTensorsFile {
        // Foundation reads only regular files (and calls a device "permission denied").
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        switch attributes?[.type] as? FileAttributeType {
        case nil where !FileManager.default.fileExists(atPath: url.path):
            throw SafeTensorsError(file: url.path, problem: "no such file")
        case nil: break   // unreadable: Data(contentsOf:) gives the reason
        case .typeDirectory?: throw SafeTensorsError(file: url.path, problem: "is a folder, not a safetensors file")
        case .typeRegular?: break
        case let type?: throw SafeTensorsError(file: url.path, problem: "not a safetensors file (not a regular file: \(type.rawValue))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SafeTensorsError(file: url.path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode([UInt8](data), file: url.path)
    }

    /// Writes the tensors (sorted by name) and metadata to `url` atomically: a failed
    /// write never leaves a half-written file.
    public static func write(_ file: SafeTensorsFile, to url: URL) throws {
        do {
            try AtomicFile.write(encode(file), to: url.path)
        } catch {
            throw SafeTensorsError(file: url.path, problem: "cannot write the file (\(error.reason))")
        }
    }

    /// The bytes of a safetensors file. Tensors are laid out sorted by name; the header
    /// is padded with spaces to a multiple of 8 bytes so the data section is aligned.
    ///
    /// The metadata gains `checksum` (`crc32:<8 hex digits>` of the data section, see
    /// `Checksum`), which `decode` verifies and removes again.
    public static func encode(_ file: SafeTensorsFile) -> [UInt8] {
        let names = file.tensors.keys.sorted()
        var entries: [String] = []
        var metadata = file.metadata
        metadata[Checksum.key] = Checksum.crc32(names.map { file.tensors[$0]!.bytes })
        let pairs = metadata.keys.sorted().map { "\(JSONText.quoted($0)):\(JSONText.quoted(metadata[$0]!))" }
        entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        var offset = 0
        for name in names {
            let tensor = file.tensors[name]!
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(JSONText.quoted(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                           + "\"data_offsets\":[\(offset),\(offset + tensor.bytes.count)]}")
            offset += tensor.bytes.count
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for name in names { out.append(contentsOf: file.tensors[name]!.bytes) }
        return out
    }
}

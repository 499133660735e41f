/// Strict decoding of safetensors bytes; every rejection is a one-line `SafeTensorsError`.
extension SafeTensors {
    private struct Entry {
        var name: String
        var dtype: DType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// Decodes and validates `bytes`; `file` names the source in errors.
    public static func decode(_ bytes: [UInt8], file: String) throws -> SafeTensorsFile {
        func fail(_ problem: String) -> SafeTensorsError { SafeTensorsError(file: file, problem: problem) }
        guard bytes.count >= 8 else {
            throw fail("truncated: \(bytes.count) bytes, too short for the 8-byte header length")
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard length <= UInt64(maximumHeaderLength) else {
            throw fail("not a safetensors file: header length \(length) exceeds the limit of \(maximumHeaderLength) bytes")
        }
        let headerLength = Int(length)
        guard headerLength <= bytes.count - 8 else {
            throw fail("truncated: header length \(headerLength) exceeds the \(bytes.count - 8) bytes after the length field")
        }
        let header = Array(bytes[8..<(8 + headerLength)])
        guard header.first == UInt8(ascii: "{") else { throw fail("not a safetensors file: header does not start with '{'") }
        let json: JSONValue
        do {
            json = try StrictJSONParser.parse(header)
        } catch {
            if let key = error.duplicateKey { throw fail("duplicate key '\(key)' in header") }
            throw fail("header is not valid JSON: \(error.message)")
        }
        guard case .object(let members) = json else { throw fail("header is not a JSON object") }

        var metadata: [String: String] = [:]
        var entries: [Entry] = []
        for (name, value) in members {
            if name == "__metadata__" {
                guard case .object(let pairs) = value else { throw fail("__metadata__ is not an object") }
                for (key, item) in pairs {
                    guard case .string(let text) = item else { throw fail("__metadata__ value of '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            entries.append(try entry(name, value, fail))
        }

        let dataLength = bytes.count - 8 - headerLength
        // Sorting by (begin, end) puts zero-length tensors before a tensor starting at the same offset.
        let ordered = entries.sorted { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        var previous: Entry?
        for entry in ordered {
            if entry.end > dataLength {
                throw fail("tensor '\(entry.name)' ends at byte \(entry.end), beyond the \(dataLength)-byte data section")
            }
            if entry.begin < cursor, let previous {
                throw fail("tensors '\(previous.name)' and '\(entry.name)' overlap "
                           + "(data_offsets [\(previous.begin), \(previous.end)] and [\(entry.begin), \(entry.end)])")
            }
            if entry.begin > cursor {
                throw fail("gap of \(entry.begin - cursor) bytes before tensor '\(entry.name)' "
                           + "(it starts at \(entry.begin), the previous data ends at \(cursor))")
            }
            cursor = entry.end
            previous = entry
        }
        if cursor != dataLength {
            throw fail("\(dataLength - cursor) trailing bytes after the last tensor (data section is \(dataLength) bytes)")
        }

        let base = 8 + headerLength
        if let recorded = metadata.removeValue(forKey: Checksum.key),
           let problem = Checksum.verify(recorded, bytes: bytes, range: base..<bytes.count) {
            throw fail(problem)
        }
        var tensors: [String: TensorData] = [:]
        for entry in entries {
            tensors[entry.name] = TensorData(dtype: entry.dtype, shape: entry.shape,
                                             bytes: Array(bytes[(base + entry.begin)..<(base + entry.end)]))
        }
        return SafeTensorsFile(tensors: tensors, metadata: metadata)
    }

    private static func entry(_ name: String, _ value: JSONValue,
                              _ fail: (String) -> SafeTensorsError) throws -> Entry {
        guard case .object(let fields) = value else { throw fail("tensor '\(name)': entry is not an object") }
        var dtypeName: String?, shapeValue: [JSONValue]?, offsetValue: [JSONValue]?
        for (key, field) in fields {
            switch (key, field) {
            case ("dtype", .string(let text)): dtypeName = text
            case ("shape", .array(let items)): shapeValue = items
            case ("data_offsets", .array(let items)): offsetValue = items
            case ("dtype", _), ("shape", _), ("data_offsets", _):
                throw fail("tensor '\(name)': '\(key)' has the wrong JSON type")
            default: throw fail("tensor '\(name)': unknown field '\(key)'")
            }
        }
        guard let dtypeName else { throw fail("tensor '\(name)': missing 'dtype'") }
        guard let dtype = DType(rawValue: dtypeName) else { throw fail("tensor '\(name)': unknown dtype '\(dtypeName)'") }
        guard let shapeValue else { throw fail("tensor '\(name)': missing 'shape'") }
        guard let offsetValue else { throw fail("tensor '\(name)': missing 'data_offsets'") }
        let shape = shapeValue.compactMap(\.nonNegativeInteger)
        guard shape.count == shapeValue.count else {
            throw fail("tensor '\(name)': shape must be a list of non-negative integers")
        }
        let offsets = offsetValue.compactMap(\.nonNegativeInteger)
        guard offsets.count == 2, offsetValue.count == 2, offsets[0] <= offsets[1] else {
            throw fail("tensor '\(name)': data_offsets must be two non-negative integers [begin, end] with begin <= end")
        }
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("tensor '\(name)': shape \(shape) is too large") }
            elements = product
        }
        let (needed, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, needed == offsets[1] - offsets[0] else {
            throw fail("tensor '\(name)': shape \(shape) of \(dtype.rawValue) needs \(overflow ? "too many" : String(needed)) bytes "
                       + "but data_offsets [\(offsets[0]), \(offsets[1])] span \(offsets[1] - offsets[0])")
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }
}

import Foundation

/// The JSON conventions of run files: sorted keys and indentation (stable diffs),
/// ISO 8601 dates, and decoding errors flattened to one line naming the file.
enum RunJSON {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func encode(_ value: some Encodable, path: String) throws(RunError) -> String {
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw RunError.wrapping(error, path: path, doing: "encode")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, path: String) throws(RunError) -> T {
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw RunError(path: path, reason: describe(error))
        } catch {
            throw RunError(path: path, reason: "not valid JSON")
        }
    }

    /// A decoding error as a short phrase with the key path, e.g. `key 'status': ...`.
    private static func describe(_ error: DecodingError) -> String {
        func keys(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = keys(context.codingPath)
            return "missing key '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "key '\(keys(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON"
                : "key '\(keys(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "not valid JSON"
        }
    }
}

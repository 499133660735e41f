import Foundation

/// Reading and writing `run.json` and `config.yaml`.
extension RunFolder {
    /// Writes `run.json` atomically (temporary file + rename): readers, e.g. a sweep's
    /// `collect` on a shared file system, see the old record or the new one, never half.
    func writeRecord(_ record: RunRecord) throws(RunError) {
        try RunFiles.writeAtomically(RunJSON.encode(record, path: recordPath), to: recordPath)
    }

    /// Reads `run.json`; a missing, unreadable or malformed file is a one-line error naming it.
    func readRecord() throws(RunError) -> RunRecord {
        let text = try RunFiles.readText(recordPath)
        return try RunJSON.decode(RunRecord.self, from: text, path: recordPath)
    }

    /// Writes `config.yaml` with the resolved configuration text (the caller renders it,
    /// e.g. with `LoadedConfig.resolvedYAML()`). Written once: an existing file is an error,
    /// since the configuration of a run must not change under its checkpoints.
    public func writeConfig(_ yaml: String) throws(RunError) {
        guard !RunFiles.exists(configPath) else {
            throw RunError(path: configPath, reason: "already exists; a run's configuration is written once")
        }
        try RunFiles.writeAtomically(yaml.hasSuffix("\n") ? yaml : yaml + "\n", to: configPath)
    }

    /// The text of `config.yaml`.
    public func readConfig() throws(RunError) -> String {
        try RunFiles.readText(configPath)
    }
}

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

/// A position in a configuration tree: mapping keys and sequence indices from the root.
///
/// Rendered the way users write it: `block.parts[1].vertices`.
struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var segments: [Segment]

    init(_ segments: [Segment] = []) {
        self.segments = segments
    }

    /// Parses `block.parts[1]` or `block.parts.1`; a numeric dotted segment is kept as a
    /// key here and resolved to an index against the tree (see `ConfigNode.resolve`).
    init(dotted: String) {
        var segments: [Segment] = []
        for part in dotted.split(separator: ".", omittingEmptySubsequences: false) {
            var name = Substring(part)
            var indices: [Int] = []
            // Peel trailing `[n]` groups off the key.
            while name.hasSuffix("]"), let open = name.lastIndex(of: "["),
                  let index = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) {
                indices.insert(index, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty || indices.isEmpty { segments.append(.key(String(name))) }
            segments += indices.map(Segment.index)
        }
        self.segments = segments
    }

    /// Builds a path from a `Decodable` coding path: integer keys without a meaningful
    /// string (those of unkeyed containers) are indices, the rest are keys.
    init(codingPath: [any CodingKey]) {
        segments = codingPath.map { key in
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                return .index(index)
            }
            return .key(key.stringValue)
        }
    }

    var isEmpty: Bool { segments.isEmpty }

    func appending(_ segment: Segment) -> ConfigPath {
        ConfigPath(segments + [segment])
    }

    func appending(key: String) -> ConfigPath { appending(.key(key)) }

    var description: String {
        var text = ""
        for segment in segments {
            switch segment {
            case let .key(key): text += text.isEmpty ? key : ".\(key)"
            case let .index(index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// The `CodingKey` the decoder hands to `Decodable` types for mapping keys and indices.
struct ConfigCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    init(_ segment: ConfigPath.Segment) {
        switch segment {
        case let .key(key): self.init(stringValue: key)
        case let .index(index): self.init(intValue: index)
        }
    }
}

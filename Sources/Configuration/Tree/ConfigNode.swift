import Foundation

/// A YAML value with the origin of every part, independent of the YAML library.
///
/// The tree is what defaults, the user's file and overrides are merged into, and what
/// the strict decoder reads. Mapping keys are strings (configs have no other keys) and
/// keep their document order.
struct ConfigNode: Sendable, Hashable {
    /// One `key: value` pair of a mapping; the key's origin is where errors about the
    /// key (unknown, wrong type, missing child) point.
    struct Entry: Sendable, Hashable {
        var key: String
        var keyOrigin: ConfigOrigin
        var value: ConfigNode

        init(key: String, keyOrigin: ConfigOrigin, value: ConfigNode) {
            self.key = key
            self.keyOrigin = keyOrigin
            self.value = value
        }
    }

    /// A scalar's text plus whether it was written plain: only plain scalars are read
    /// as numbers, booleans or null, so `"42"` in quotes stays a string.
    struct Scalar: Sendable, Hashable {
        var text: String
        var isPlain: Bool

        init(_ text: String, isPlain: Bool = true) {
            self.text = text
            self.isPlain = isPlain
        }
    }

    enum Value: Sendable, Hashable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([ConfigNode])
    }

    var value: Value
    var origin: ConfigOrigin

    init(_ value: Value, origin: ConfigOrigin) {
        self.value = value
        self.origin = origin
    }

    /// A plain `null` scalar, what an empty document or `key:` with no value means.
    static func null(at origin: ConfigOrigin) -> ConfigNode {
        ConfigNode(.scalar(Scalar("null")), origin: origin)
    }

    /// An empty mapping, the root of an empty document.
    static func emptyMapping(at origin: ConfigOrigin) -> ConfigNode {
        ConfigNode(.mapping([]), origin: origin)
    }

    /// The mapping entries, or `nil` for a scalar or sequence.
    var entries: [Entry]? {
        if case let .mapping(entries) = value { return entries }
        return nil
    }

    /// Whether this is a plain scalar YAML reads as null (`~`, `null`, empty).
    var isNull: Bool {
        guard case let .scalar(scalar) = value, scalar.isPlain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.text)
    }

    /// How the node reads in a "found …" phrase of an error message.
    var foundDescription: String {
        switch value {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case let .scalar(scalar):
            if isNull { return "null" }
            let text = scalar.text.count > 40 ? String(scalar.text.prefix(37)) + "..." : scalar.text
            let flat = text.replacingOccurrences(of: "\n", with: "\\n")
            return scalar.isPlain || !scalar.looksTyped ? "'\(flat)'" : "the quoted string '\(flat)'"
        }
    }
}

extension ConfigNode.Scalar {
    /// Whether the text, written plain, would read as something other than a string;
    /// quoting such text is what makes it a string, so messages point that out.
    var looksTyped: Bool {
        let plain = ConfigNode.Scalar(text, isPlain: true)
        return ["", "~", "null", "Null", "NULL"].contains(text)
            || plain.boolValue != nil
            || plain.numberSyntax != nil
    }
}

import Runs

/// A manifest line written by hand: `JSONEncoder` is most of the time of planning 10,000
/// cells. Keys sorted, slashes unescaped, as `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` writes them (`SweepCell`'s `Decodable` reads it back).
extension SweepCell {
    func appendJSONLine(to text: inout String) {
        text += "{\"base\":"
        Self.appendString(base, to: &text)
        text += ",\"command\":"
        Self.appendArray(command, to: &text)
        text += ",\"folder\":"
        Self.appendString(folder, to: &text)
        text += ",\"index\":\(index),\"name\":"
        Self.appendString(name, to: &text)
        text += ",\"overrides\":"
        Self.appendArray(overrides, to: &text)
        if let seed {
            text += ",\"seed\":"
            Self.appendString(seed, to: &text)
        }
        text += ",\"sweep\":"
        Self.appendString(sweep, to: &text)
        text += ",\"sweep_hash\":"
        Self.appendString(sweepHash, to: &text)
        text += "}\n"
    }

    private static func appendArray(_ strings: [String], to text: inout String) {
        text += "["
        for (i, string) in strings.enumerated() {
            if i > 0 { text += "," }
            appendString(string, to: &text)
        }
        text += "]"
    }

    /// A JSON string: quotes, backslashes and control characters escaped.
    static func appendString(_ string: String, to text: inout String) {
        text += JSONText.quoted(string)
    }
}

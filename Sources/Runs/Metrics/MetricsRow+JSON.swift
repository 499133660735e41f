/// The JSONL form of a row: one flat JSON object, keys in insertion order, no spaces.
///
/// Written by hand rather than with `JSONEncoder`, which neither keeps key order nor
/// tells `1` from `1.0` on the way back; the reader accepts any flat object (a `null`
/// value drops its key) so logs written by other tools load too.
extension MetricsRow {
    /// The row as one line of JSON, without the newline.
    var jsonLine: String {
        var out = "{"
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            out += Self.quoted(field.key) + ":" + Self.json(field.value)
        }
        return out + "}"
    }

    /// Parses one line; throws a short reason on anything but a flat JSON object.
    init(jsonLine: String) throws(MetricsLineError) {
        var parser = FlatJSONParser(Array(jsonLine.utf8))
        self.init(try parser.object())
    }

    private static func json(_ value: MetricValue) -> String {
        switch value {
        case .int(let v): String(v)
        case .bool(let v): v ? "true" : "false"
        case .string(let v): quoted(v)
        case .double(let v):
            if v.isNaN { quoted("NaN") } else if v.isInfinite { quoted(v > 0 ? "Infinity" : "-Infinity") }
            // Swift's shortest round-trip form; "1.0" keeps the fraction, so it reads back as a double.
            else { String(v) }
        }
    }

    static func quoted(_ text: String) -> String { JSONText.quoted(text) }
}

/// Why a metrics line did not parse (without the file and line, which the reader adds).
struct MetricsLineError: Error, CustomStringConvertible, Sendable, Hashable {
    var description: String
}

/// A parser for exactly one flat JSON object of scalars.
private struct FlatJSONParser {
    private let bytes: [UInt8]
    private var at = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func object() throws(MetricsLineError) -> [(String, MetricValue)] {
        try expect(UInt8(ascii: "{"))
        var pairs: [(String, MetricValue)] = []
        skipSpace()
        if peek() == UInt8(ascii: "}") {
            at += 1
        } else {
            while true {
                skipSpace()
                let key = try string()
                try expect(UInt8(ascii: ":"))
                skipSpace()
                if let value = try value() { pairs.append((key, value)) }
                skipSpace()
                guard let next = peek() else { throw fail("unterminated object") }
                at += 1
                if next == UInt8(ascii: "}") { break }
                guard next == UInt8(ascii: ",") else { throw fail("expected ',' or '}' at byte \(at)") }
            }
        }
        skipSpace()
        guard at == bytes.count else { throw fail("text after the object at byte \(at + 1)") }
        return pairs
    }

    private mutating func value() throws(MetricsLineError) -> MetricValue? {
        switch peek() {
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return nil
        case UInt8(ascii: "{"), UInt8(ascii: "["): throw fail("nested objects and arrays are not metrics")
        case nil: throw fail("unterminated object")
        default: return try number()
        }
    }

    private mutating func number() throws(MetricsLineError) -> MetricValue {
        let start = at
        while let b = peek(), b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || (b >= 48 && b <= 57) { at += 1 }
        let token = String(decoding: bytes[start..<at], as: UTF8.self)
        // JSON numbers start with '-' or a digit (Swift's parsers would also take '+').
        guard let first = token.first, first == "-" || first.isASCII && first.isNumber else {
            throw fail("not a value at byte \(start + 1)")
        }
        let isInteger = !token.contains { $0 == "." || $0 == "e" || $0 == "E" }
        if isInteger, let v = Int(token) { return .int(v) }
        // Doubles, and integers too large for Int.
        guard let v = Double(token), v.isFinite else {
            throw fail("not a value at byte \(start + 1)")
        }
        return .double(v)
    }

    private mutating func string() throws(MetricsLineError) -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []   // plain UTF-8 bytes between escapes
        func flush() { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
        while true {
            guard let b = peek() else { throw fail("unterminated string") }
            at += 1
            if b == UInt8(ascii: "\"") { flush(); return String(scalars) }
            guard b == UInt8(ascii: "\\") else { run.append(b); continue }
            flush()
            guard let e = peek() else { throw fail("unterminated string") }
            at += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): run.append(e)
            case UInt8(ascii: "n"): run.append(10)
            case UInt8(ascii: "t"): run.append(9)
            case UInt8(ascii: "r"): run.append(13)
            case UInt8(ascii: "b"): run.append(8)
            case UInt8(ascii: "f"): run.append(12)
            case UInt8(ascii: "u"):
                var code = try hex4()
                // A surrogate pair spells one scalar beyond the basic plane.
                if code >= 0xD800, code < 0xDC00, peek() == UInt8(ascii: "\\") {
                    at += 1
                    try expect(UInt8(ascii: "u"))
                    let low = try hex4()
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw fail("invalid \\u escape") }
                scalars.append(scalar)
            default: throw fail("invalid escape at byte \(at)")
            }
        }
    }

    private mutating func hex4() throws(MetricsLineError) -> UInt32 {
        guard at + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[at..<(at + 4)], as: UTF8.self), radix: 16) else {
            throw fail("invalid \\u escape")
        }
        at += 4
        return v
    }

    private mutating func literal(_ word: String) throws(MetricsLineError) {
        let utf8 = Array(word.utf8)
        guard at + utf8.count <= bytes.count, Array(bytes[at..<(at + utf8.count)]) == utf8 else {
            throw fail("not a value at byte \(at + 1)")
        }
        at += utf8.count
    }

    private mutating func expect(_ byte: UInt8) throws(MetricsLineError) {
        skipSpace()
        guard peek() == byte else {
            throw fail(peek() == nil ? "unterminated object" : "expected '\(Character(Unicode.Scalar(byte)))' at byte \(at + 1)")
        }
        at += 1
    }

    private mutating func skipSpace() {
        while let b = peek(), b == 32 || b == 9 || b == 13 || b == 10 { at += 1 }
    }

    private func peek() -> UInt8? { at < bytes.count ? bytes[at] : nil }

    private func fail(_ reason: String) -> MetricsLineError { MetricsLineError(description: reason) }
}

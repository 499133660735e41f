import Foundation

/// Minimal CSV writing (RFC 4180): a field is quoted when it holds a comma, quote,
/// line break or edge space, and quotes inside are doubled. Lines end in `\n`, which
/// Python's `csv`, pandas and spreadsheets all read.
public enum CSVTable {
    public static func field(_ text: String) -> String {
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || text.first == " " || text.last == " "
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    /// A number as CSV text: shortest round-trip form, `nan`/`inf` for non-finite, empty for `nil`.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(value)
    }
}

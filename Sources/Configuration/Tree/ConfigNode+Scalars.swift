/// How plain scalars read as booleans and numbers.
///
/// The rules are deliberately narrower than YAML 1.1 (which Yams resolves by default):
/// `yes`/`no`/`on`/`off` are not booleans, and a number is only what looks like one in
/// decimal (or `0x` hex for integers), with optional `_` digit separators.
extension ConfigNode.Scalar {
    /// The syntactic kind of a numeric plain scalar, with separators removed.
    enum NumberSyntax: Equatable {
        case integer(String)
        case hexInteger(String)
        case float(String)
        case infinity
        case nan
    }

    /// `true`/`false` (in YAML 1.2's three capitalisations) or `nil`.
    var boolValue: Bool? {
        guard isPlain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The number this plain scalar spells, or `nil` if it is not numeric.
    var numberSyntax: NumberSyntax? {
        guard isPlain else { return nil }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
            return .infinity
        case ".nan", ".NaN", ".NAN":
            return .nan
        default:
            break
        }
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        if body.hasPrefix("0x") {
            let digits = body.dropFirst(2).filter { $0 != "_" }
            guard !digits.isEmpty, digits.allSatisfy(\.isHexDigit) else { return nil }
            return .hexInteger(sign + digits)
        }
        // Underscores only between digits, as in 20_000.
        guard body.first != "_", body.last != "_" else { return nil }
        let cleaned = body.filter { $0 != "_" }
        return Self.decimalSyntax(sign: sign, cleaned)
    }

    /// Scans `digits [. digits] [e [sign] digits]`, requiring a digit in the mantissa.
    private static func decimalSyntax(sign: String, _ text: String) -> NumberSyntax? {
        let chars = Array(text)
        var index = 0
        var mantissaDigits = 0
        while index < chars.count, chars[index].isASCIIDigit { index += 1; mantissaDigits += 1 }
        var isFloat = false
        if index < chars.count, chars[index] == "." {
            isFloat = true
            index += 1
            while index < chars.count, chars[index].isASCIIDigit { index += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < chars.count, chars[index] == "e" || chars[index] == "E" {
            isFloat = true
            index += 1
            if index < chars.count, chars[index] == "+" || chars[index] == "-" { index += 1 }
            var exponentDigits = 0
            while index < chars.count, chars[index].isASCIIDigit { index += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == chars.count else { return nil }
        return isFloat ? .float(sign + text) : .integer(sign + text)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

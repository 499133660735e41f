/// One value in a metrics row: a number, a string or a bool.
///
/// Integers stay integers through a file (`"step": 100`, never `100.0`). Non-finite
/// doubles have no JSON spelling, so they are written as the strings `"NaN"`,
/// `"Infinity"` and `"-Infinity"` (what pandas and Python's `float()` accept), and
/// `double` reads them back as numbers.
public enum MetricValue: Sendable, Hashable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)

    /// The value as a number: integers, doubles, and the non-finite spellings above.
    var double: Double? {
        switch self {
        case .int(let v): Double(v)
        case .double(let v): v
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        case .string, .bool: nil
        }
    }

    /// The value as an integer, if it is one (a double with no fraction counts).
    var int: Int? {
        switch self {
        case .int(let v): v
        case .double(let v): v.isFinite && v.rounded() == v && abs(v) < 9e18 ? Int(v) : nil
        case .string, .bool: nil
        }
    }

    public var string: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    var bool: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }
}

extension MetricValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
                       ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// Types a metrics row accepts directly: `["step": step, "loss": loss]` with variables.
public protocol MetricConvertible: Sendable {
    var metricValue: MetricValue { get }
}

extension MetricValue: MetricConvertible {
    public var metricValue: MetricValue { self }
}

extension Int: MetricConvertible {
    public var metricValue: MetricValue { .int(self) }
}

extension Double: MetricConvertible {
    public var metricValue: MetricValue { .double(self) }
}

extension Float: MetricConvertible {
    /// Widened through the shortest decimal form, so `0.1 as Float` logs as `0.1`,
    /// not `0.10000000149011612`.
    public var metricValue: MetricValue { .double(isFinite ? Double(description) ?? Double(self) : Double(self)) }
}

extension String: MetricConvertible {
    public var metricValue: MetricValue { .string(self) }
}

extension Bool: MetricConvertible {
    public var metricValue: MetricValue { .bool(self) }
}

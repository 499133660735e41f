/// One line of a metrics log: named values in insertion order.
///
/// Insertion order is kept on disk and on read, so `step` written first stays first and
/// `head -1 train.jsonl` reads naturally. Setting an existing key replaces its value in place.
///
/// ```swift
/// var row: MetricsRow = ["step": 100, "loss": 0.0123]
/// row["lr"] = .double(learningRate)
/// ```
public struct MetricsRow: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Keys in insertion order.
    public private(set) var keys: [String] = []
    private var values: [String: MetricValue] = [:]

    init() {}

    /// A row from key-value pairs; a repeated key keeps its first position, last value.
    init(_ pairs: [(String, MetricValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// `["step": step, "loss": loss]`: values may be `Int`, `Double`, `Float`, `String`,
    /// `Bool` or `MetricValue`.
    public init(dictionaryLiteral elements: (String, any MetricConvertible)...) {
        self.init(elements.map { ($0.0, $0.1.metricValue) })
    }

    public subscript(key: String) -> MetricValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The pairs in order.
    var fields: [(key: String, value: MetricValue)] {
        keys.map { ($0, values[$0]!) }
    }

    /// The `step` value, the key logs are truncated and plotted by.
    public var step: Int? { values["step"]?.int }

    /// A numeric field, e.g. `row.number("loss")`.
    public func number(_ key: String) -> Double? { values[key]?.double }
}

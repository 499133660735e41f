import Yams

/// Peeking at one key before a document is decoded, e.g. the `task:` that picks which
/// scene type a scene file is decoded as.
extension ConfigDocument {
    /// The value of the top-level `key` of YAML text when it reads as a string, else `nil`.
    ///
    /// Deliberately lenient, since it only chooses what to decode the text as (the strict
    /// decode that follows reports every problem with its line): text that does not parse,
    /// a document that is not a mapping, a missing key, and a value YAML reads as another
    /// type (a number, `yes`, `null`) all answer `nil`.
    public static func topLevelString(_ key: String, inYAML yaml: String) -> String? {
        (try? Yams.load(yaml: yaml) as? [String: Any])?[key] as? String
    }
}

extension ConfigDocument {
    /// Whether `yaml`'s top-level mapping has `key`, whatever its value (false when the
    /// text is not a mapping): how a composition run's `parents` list is recognised.
    public static func topLevelValue(_ key: String, inYAML yaml: String) -> Bool {
        (try? Yams.load(yaml: yaml) as? [String: Any])?[key] != nil
    }
}

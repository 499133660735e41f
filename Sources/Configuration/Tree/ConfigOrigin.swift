/// Where a value of a configuration tree came from, so an error can point at it.
public enum ConfigOrigin: Sendable, Hashable {
    /// A position in a YAML file or string; `line` and `column` start at 1.
    case file(name: String, line: Int, column: Int)
    /// The programmatic default value passed to the loader (no file position exists).
    case defaults
    /// A `key=value` override from the command line, holding its exact text.
    case override(String)

    /// The one-line prefix an error at this origin starts with, e.g. `train.yaml:12: `.
    ///
    /// Columns are shown only for syntax errors, where the exact character matters;
    /// for key errors the line is what a user needs and columns would be noise.
    func prefix(includingColumn: Bool) -> String {
        switch self {
        case let .file(name, line, column):
            includingColumn ? "\(name):\(line):\(column): " : "\(name):\(line): "
        case .defaults:
            "default: "
        case let .override(text):
            "override '\(text)': "
        }
    }

    /// The file name and line, when this origin is a file position.
    var fileLine: (file: String, line: Int)? {
        if case let .file(name, line, _) = self { return (name, line) }
        return nil
    }
}

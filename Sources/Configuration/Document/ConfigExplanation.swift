/// `pushforward config --explain`: every resolved key with its value and where the value
/// came from (file and line, the built-in default, or a command-line override).
public enum ConfigExplanation {
    public static func lines(_ document: ConfigDocument) -> [String] {
        var rows: [(String, String, String)] = []
        func origin(_ o: ConfigOrigin) -> String {
            switch o {
            case let .file(name, line, _): "\(name):\(line)"
            case .defaults: "default"
            case let .override(text): "override \(text)"
            }
        }
        func walk(_ node: ConfigNode, _ path: String) {
            switch node.value {
            case .scalar(let s):
                rows.append((path, s.text, origin(node.origin)))
            case .mapping(let entries):
                if entries.isEmpty { rows.append((path, "{}", origin(node.origin))) }
                for e in entries { walk(e.value, path.isEmpty ? e.key : "\(path).\(e.key)") }
            case .sequence(let items):
                let scalars = items.compactMap { item -> String? in
                    if case .scalar(let s) = item.value { return s.text }
                    return nil
                }
                if scalars.count == items.count {
                    rows.append((path, "[" + scalars.joined(separator: ", ") + "]", origin(node.origin)))
                } else {
                    for (i, item) in items.enumerated() { walk(item, "\(path)[\(i)]") }
                }
            }
        }
        walk(document.root, "")
        let keyWidth = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(rows.map(\.1.count).max() ?? 0, 40)
        return rows.map { key, value, origin in
            key.padding(toLength: keyWidth, withPad: " ", startingAt: 0) + "  "
                + value.padding(toLength: max(valueWidth, value.count), withPad: " ", startingAt: 0) + "  # " + origin
        }
    }
}

#if canImport(Foundation)
import Foundation
#endif

import Configuration

/// Cell names: the swept values in words, so a name says what the cell is and stays the
/// same when other values are added to the grid (no index in it).
///
/// `reach-diffusion_width-64_lr-0.001_s3`: the base when there are several, each swept key
/// (its last dotted part, the whole key when two keys share it) with its value, the seed.
enum CellName {
    /// Longest name kept whole; longer ones keep a prefix and a hash of the whole.
    static let maximumLength = 120

    /// A name as one path component: letters, digits, `.`, `-`, `=` kept, anything else `-`.
    static func component(_ text: String) -> String {
        let cleaned = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-.=".contains($0)) ? $0 : "-" })
        return cleaned.isEmpty || cleaned.allSatisfy({ $0 == "." }) ? "unnamed" : cleaned
    }

    /// The word for a base: `Configs/reach/diffusion.yaml` reads `reach-diffusion`, a run
    /// folder its own name.
    static func base(_ path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        guard let last = parts.last else { return "base" }
        for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) {
            let stem = String(last.dropLast(suffix.count))
            return parts.count >= 2 ? "\(parts[parts.count - 2])-\(stem)" : stem
        }
        return last
    }

    /// The short label of each swept key: its last part unless another key ends alike.
    static func labels(for keys: [String]) -> [String: String] {
        let lastParts = keys.map { String($0.split(separator: ".").last ?? Substring($0)) }
        var labels: [String: String] = [:]
        for (key, last) in zip(keys, lastParts) {
            labels[key] = lastParts.filter { $0 == last }.count > 1 ? key : last
        }
        return labels
    }

    /// Joins the parts; an over-long result keeps a prefix plus a hash of the whole.
    static func join(_ parts: [String]) -> String {
        let name = parts.isEmpty ? "cell" : parts.map(component).joined(separator: "_")
        guard name.count > maximumLength else { return name }
        return String(name.prefix(maximumLength - 17)) + "-" + SweepHash.fnv1a(Array(name.utf8))
    }
}

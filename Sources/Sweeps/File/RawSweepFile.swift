import Configuration

/// The sweep file as written, decoded strictly (unknown keys are errors with a
/// suggestion); `SweepFile.init(raw:...)` checks what decoding cannot.
struct RawSweepFile: Decodable {
    var name: String?
    var command: SweepFile.Command
    /// One path or a list of them.
    var base: ConfigValue
    var grid: ConfigValue?
    var zip: ConfigValue?
    var seeds: ConfigValue?
    var seedKey: String?
    var set: ConfigValue?
    var threads: Int?
    var metrics: [String]?
    var out: String?
    var executor: RawExecutor?

    struct RawExecutor: Decodable {
        var local: RawLocal?
        var slurm: SweepFile.SlurmOptions?
    }

    struct RawLocal: Decodable {
        var workers: Int?
    }
}

extension SweepFile {
    /// Checks the structure: non-empty lists, no value listed twice, no key set twice,
    /// zipped lists of one length, known metrics, one executor.
    init(raw: RawSweepFile, path: String, hash: String, out: String?) throws(SweepError) {
        self.path = path
        self.hash = hash
        name = CellName.component(raw.name ?? Self.stem(of: path))
        command = raw.command
        bases = try Self.list(raw.base, what: "base", allowScalar: true)
        for base in bases where base.scalarText == nil {
            throw SweepError(base.error("key 'base': expected a path, found \(base.overrideText)"))
        }
        try Self.rejectRepeats(bases, what: "base")

        var axes: [Axis] = []
        var owners: [String: ConfigOrigin] = [:]
        func claim(_ key: String, at origin: ConfigOrigin, as role: String) throws(SweepError) {
            if owners[key] != nil {
                throw SweepError(ConfigError("key '\(key)' is swept or set twice (\(role)); each key may appear once in grid, zip, set and seedKey", at: origin))
            }
            guard key != "threads" else {
                throw SweepError(ConfigError("\(role) '\(key)': every cell gets threads= from the sweep's 'threads:' key; set it there", at: origin))
            }
            owners[key] = origin
        }
        if let grid = raw.grid {
            guard let entries = grid.entries else { throw SweepError(grid.error("key 'grid': expected a mapping of dotted keys to lists of values")) }
            guard !entries.isEmpty else { throw SweepError(grid.error("key 'grid': the grid is empty; give each swept key a list of values, or remove 'grid'")) }
            for (key, value) in entries {
                try claim(key, at: value.origin, as: "grid")
                let values = try Self.list(value, what: "grid.\(key)", allowScalar: false)
                try Self.rejectRepeats(values, what: "grid.\(key)")
                axes.append(Axis(keys: [key], values: values.map { [$0] }))
            }
        }
        if let zip = raw.zip {
            guard let entries = zip.entries else { throw SweepError(zip.error("key 'zip': expected a mapping of dotted keys to lists of one length")) }
            guard !entries.isEmpty else { throw SweepError(zip.error("key 'zip': no keys; give each zipped key a list, or remove 'zip'")) }
            var columns: [[ConfigValue]] = []
            for (key, value) in entries {
                try claim(key, at: value.origin, as: "zip")
                let values = try Self.list(value, what: "zip.\(key)", allowScalar: false)
                if let first = columns.first, first.count != values.count {
                    throw SweepError(value.error("key 'zip.\(key)': \(values.count) values, but 'zip.\(entries[0].key)' has \(first.count); zipped lists vary together and need one length"))
                }
                columns.append(values)
            }
            let rows = (0..<columns[0].count).map { i in columns.map { $0[i] } }
            var seen: [String: Int] = [:]
            for (i, row) in rows.enumerated() {
                let text = row.map(\.overrideText).joined(separator: " ")
                if let earlier = seen[text] {
                    throw SweepError(row[0].error("duplicate cell: zip position \(i + 1) repeats position \(earlier + 1) (\(text))"))
                }
                seen[text] = i
            }
            axes.append(Axis(keys: entries.map(\.key), values: rows))
        }
        self.axes = axes

        seedKey = raw.seedKey ?? "seed"
        if let seeds = raw.seeds {
            try claim(seedKey, at: seeds.origin, as: "seedKey")
            self.seeds = try Self.list(seeds, what: "seeds", allowScalar: false)
            try Self.rejectRepeats(self.seeds, what: "seeds")
        } else {
            self.seeds = []
        }

        var fixed: [(key: String, value: ConfigValue)] = []
        if let set = raw.set {
            guard let entries = set.entries else { throw SweepError(set.error("key 'set': expected a mapping of dotted keys to values")) }
            for (key, value) in entries {
                try claim(key, at: value.origin, as: "set")
                fixed.append((key, value))
            }
        }
        self.fixed = fixed

        threads = raw.threads ?? 1
        guard threads >= 1 else { throw SweepError("\(path): key 'threads': must be at least 1, got \(threads)") }
        metrics = raw.metrics ?? ["success_rate"]
        guard !metrics.isEmpty else { throw SweepError("\(path): key 'metrics': name at least one (\(Self.knownMetrics.joined(separator: ", ")))") }
        for metric in metrics where !Self.knownMetrics.contains(metric) {
            let suggestion = Suggestion.closest(to: metric, in: Self.knownMetrics).map { "; did you mean '\($0)'?" }
                ?? " (known: \(Self.knownMetrics.joined(separator: ", ")))"
            throw SweepError("\(path): key 'metrics': unknown metric '\(metric)'\(suggestion)")
        }
        self.out = out ?? raw.out ?? "runs/sweeps/\(name)"

        switch (raw.executor?.local, raw.executor?.slurm) {
        case (.some, .some):
            throw SweepError("\(path): key 'executor': name one executor, local or slurm, not both")
        case (_, .some(let slurm)):
            if let parallel = slurm.parallel, parallel < 1 { throw SweepError("\(path): key 'executor.slurm.parallel': must be at least 1, got \(parallel)") }
            if let cpus = slurm.cpus, cpus < 1 { throw SweepError("\(path): key 'executor.slurm.cpus': must be at least 1, got \(cpus)") }
            executor = .slurm(slurm)
        case (let local, nil):
            let workers = local?.workers ?? 0
            guard workers >= 0 else { throw SweepError("\(path): key 'executor.local.workers': must be 0 (as many as the cores allow) or more, got \(workers)") }
            executor = .local(workers: workers)
        }
    }

    /// A list's items (or a lone scalar as one item when allowed); an empty list is an error.
    private static func list(_ value: ConfigValue, what: String, allowScalar: Bool) throws(SweepError) -> [ConfigValue] {
        guard let items = value.items else {
            if allowScalar, value.entries == nil { return [value] }
            throw SweepError(value.error("key '\(what)': expected a list of values, found \(value.overrideText)"))
        }
        guard !items.isEmpty else {
            throw SweepError(value.error("key '\(what)': the list is empty, so the sweep would have no cells"))
        }
        return items
    }

    /// The file name without folder and extension: a sweep's default name.
    private static func stem(of path: String) -> String {
        var last = path.split(separator: "/").last.map(String.init) ?? path
        for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) { last.removeLast(suffix.count) }
        return last
    }

    /// The same value twice in one list would make two identical cells.
    private static func rejectRepeats(_ values: [ConfigValue], what: String) throws(SweepError) {
        var seen: Set<String> = []
        for value in values where !seen.insert(value.overrideText).inserted {
            throw SweepError(value.error("duplicate cell: '\(what)' lists \(value.overrideText) twice"))
        }
    }
}

import Foundation

/// The contents of `run.json`: what ran, how it ended, and how long it took.
///
/// ```json
/// {"version": "0.1.0", "command": ["pushforward", "train", "Configs/pusht/diffusion.yaml"],
///  "status": "running", "started": "2025-01-02T12:04:05Z", "wall_seconds": 12.5,
///  "host": "node17", "threads": 2, "notes": {"last_checkpoint_step": "1000"}}
/// ```
///
/// Timestamps are ISO 8601 in UTC; `wall_seconds` is the time spent running summed over
/// the original session and every resume.
public struct RunRecord: Codable, Equatable, Sendable {
    /// Where a run stands; a run that is neither `completed` nor `failed` nor
    /// `interrupted` but not running any more was killed without a chance to say so.
    public enum Status: String, Codable, Sendable, CaseIterable {
        case running, completed, failed, interrupted
    }

    /// The Pushforward version that wrote the record.
    var version: String
    /// The command line (argv) of the session that started the run.
    public internal(set) var command: [String]
    public internal(set) var status: Status
    /// When the run first started.
    public internal(set) var started: Date
    /// When the last session ended; `nil` while running.
    public internal(set) var finished: Date?
    /// Seconds spent running, summed over sessions; updated at checkpoints and the end.
    public internal(set) var wallSeconds: Double
    /// The machine's host name (the last session's, after a resume).
    var host: String
    /// Worker threads the run used.
    var threads: Int
    /// The one-line description of the error that made the run fail.
    public internal(set) var error: String?
    /// When each resume started, oldest first.
    var resumed: [Date]
    /// The command lines of each resume, parallel to `resumed`.
    var resumeCommands: [[String]]
    /// Free-form facts, e.g. `last_checkpoint_step`, `best_step`.
    public internal(set) var notes: [String: String]
    /// The run folder's size on disk in bytes (as `du` counts) when the last session ended.
    public internal(set) var sizeBytes: Int64?

    init(version: String = PushforwardVersion.current, command: [String], status: Status = .running,
                started: Date, finished: Date? = nil, wallSeconds: Double = 0, host: String, threads: Int,
                error: String? = nil, resumed: [Date] = [], resumeCommands: [[String]] = [], notes: [String: String] = [:]) {
        self.version = version
        self.command = command
        self.status = status
        self.started = started
        self.finished = finished
        self.wallSeconds = wallSeconds
        self.host = host
        self.threads = threads
        self.error = error
        self.resumed = resumed
        self.resumeCommands = resumeCommands
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case version, command, status, started, finished
        case wallSeconds = "wall_seconds"
        case host, threads, error, resumed
        case resumeCommands = "resume_commands"
        case notes
        case sizeBytes = "size_bytes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(String.self, forKey: .version)
        command = try c.decode([String].self, forKey: .command)
        status = try c.decode(Status.self, forKey: .status)
        started = try c.decode(Date.self, forKey: .started)
        finished = try c.decodeIfPresent(Date.self, forKey: .finished)
        wallSeconds = try c.decode(Double.self, forKey: .wallSeconds)
        host = try c.decode(String.self, forKey: .host)
        threads = try c.decode(Int.self, forKey: .threads)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        // Absent in records that were never resumed or carry no notes.
        resumed = try c.decodeIfPresent([Date].self, forKey: .resumed) ?? []
        resumeCommands = try c.decodeIfPresent([[String]].self, forKey: .resumeCommands) ?? []
        notes = try c.decodeIfPresent([String: String].self, forKey: .notes) ?? [:]
        sizeBytes = try c.decodeIfPresent(Int64.self, forKey: .sizeBytes)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(command, forKey: .command)
        try c.encode(status, forKey: .status)
        try c.encode(started, forKey: .started)
        try c.encodeIfPresent(finished, forKey: .finished)
        try c.encode(wallSeconds, forKey: .wallSeconds)
        try c.encode(host, forKey: .host)
        try c.encode(threads, forKey: .threads)
        try c.encodeIfPresent(error, forKey: .error)
        if !resumed.isEmpty {
            try c.encode(resumed, forKey: .resumed)
            try c.encode(resumeCommands, forKey: .resumeCommands)
        }
        try c.encode(notes, forKey: .notes)
        try c.encodeIfPresent(sizeBytes, forKey: .sizeBytes)
    }
}

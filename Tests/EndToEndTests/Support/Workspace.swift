import Foundation
import Testing

/// A fresh temporary working directory for one test, laid out like the repository root
/// for the commands: it holds copies of `Scenes/` and `Configs/`, so commands take the
/// relative paths the README uses, and `runs/` and `demos/` appear inside it.
/// `remove()` deletes it.
struct Workspace {
    let url: URL
    var path: String { url.path }

    /// The repository, found from this file (`Tests/EndToEndTests/Support/`).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repository.appendingPathComponent("Tests/EndToEndTests/Fixtures")

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pushforward-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for folder in ["Scenes", "Configs"] {
            try FileManager.default.copyItem(at: Self.repository.appendingPathComponent(folder),
                                             to: url.appendingPathComponent(folder))
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    /// The absolute path of `name` inside the workspace.
    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `text` to `name` (parent folders created); returns `name`.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let target = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return name
    }

    /// Copies `Tests/EndToEndTests/Fixtures/<name>` into the workspace; returns `name`.
    @discardableResult
    func copyFixture(_ name: String) throws -> String {
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(name), to: url.appendingPathComponent(name))
        return name
    }

    /// Creates an empty folder; returns `name`.
    @discardableResult
    func makeFolder(_ name: String) throws -> String {
        try FileManager.default.createDirectory(at: url.appendingPathComponent(name), withIntermediateDirectories: true)
        return name
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }

    func read(_ name: String) throws -> String { try String(contentsOfFile: file(name), encoding: .utf8) }

    /// Every file and folder below the workspace (relative paths) with its size: a
    /// command that leaves this unchanged created, removed and appended to nothing.
    func snapshot() -> [String: Int] {
        var entries: [String: Int] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return entries }
        while let name = walker.nextObject() as? String {
            let size = (try? FileManager.default.attributesOfItem(atPath: file(name))[.size] as? Int) ?? 0
            entries[name] = size
        }
        return entries
    }

    /// The run folders under `runs/` (`runs/<date>/<name>`), sorted.
    func runFolders(root: String = "runs") -> [String] {
        let days = (try? FileManager.default.contentsOfDirectory(atPath: file(root))) ?? []
        return days.sorted().flatMap { day in
            ((try? FileManager.default.contentsOfDirectory(atPath: file("\(root)/\(day)"))) ?? []).sorted().map { "\(root)/\(day)/\($0)" }
        }
    }

    /// Runs `pushforward arguments...` here.
    func run(_ arguments: String..., limit: Double = 300) async throws -> Pushforward.Outcome {
        try await run(arguments, limit: limit)
    }

    /// `environment` replaces the inherited environment when given.
    func run(_ arguments: [String], limit: Double = 300, environment: [String: String]? = nil) async throws -> Pushforward.Outcome {
        try await Pushforward.run(arguments, in: url, limit: limit, environment: environment)
    }

    /// Runs a command a user got wrong and checks that it fails as the README promises:
    /// exit status 2, nothing on stdout, stderr exactly one line that starts with
    /// `error: ` and contains each of `fragments` (the file, key or line at fault), and
    /// nothing created, removed or grown in the workspace (no run folder, dataset, GIF).
    func expectUserError(_ arguments: [String], mentioning fragments: [String], environment: [String: String]? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let before = snapshot()
        // A user error is found before any work: a minute means the command got to work.
        let outcome = try await run(arguments, limit: 60, environment: environment)
        let command = "pushforward " + arguments.joined(separator: " ")
        #expect(outcome.status == 2, "\(command): \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(command) printed to stdout: \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.hasPrefix("error: ") && outcome.stderr.hasSuffix("\n"),
                "\(command): stderr is not one 'error: ' line: \(outcome)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(outcome.stderr.contains(fragment), "\(command): the error does not mention \"\(fragment)\": \(outcome)",
                    sourceLocation: sourceLocation)
        }
        let after = snapshot()
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] && !isFolder($0) }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        #expect(added.isEmpty && changed.isEmpty && removed.isEmpty,
                "\(command) left files behind: added \(added), changed \(changed), removed \(removed)",
                sourceLocation: sourceLocation)
    }

    private func isFolder(_ name: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: file(name), isDirectory: &folder) && folder.boolValue
    }
}

/// One user error: the arguments and what the one-line message must name.
struct UserErrorCase: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    var fragments: [String]

    init(_ arguments: [String], mentions fragments: [String]) {
        self.arguments = arguments
        self.fragments = fragments
    }

    var testDescription: String { arguments.joined(separator: " ") }
}

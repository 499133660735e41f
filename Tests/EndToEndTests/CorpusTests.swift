import Foundation
import Testing

/// The bad-input corpus (`Corpus/cases.txt`): malformed configurations, scenes, sweep
/// files, steering configurations and replay requests, each refused with one line that
/// names the cause, exit status 2 and nothing left behind.
@Suite("bad-input corpus")
struct CorpusTests {
    static let folder = Workspace.repository.appendingPathComponent("Tests/EndToEndTests/Corpus")

    /// The cases of `cases.txt`: `<arguments>  =>  <fragment> | <fragment> ...`.
    static let cases: [UserErrorCase] = {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("cases.txt"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let halves = trimmed.components(separatedBy: "=>")
            guard halves.count == 2 else { return UserErrorCase(["malformed corpus line: \(trimmed)"], mentions: []) }
            let arguments = halves[0].split(separator: " ").map(String.init)
            let fragments = halves[1].components(separatedBy: " | ").map { $0.trimmingCharacters(in: .whitespaces) }
            return UserErrorCase(arguments, mentions: fragments)
        }
    }()

    @Test("the corpus holds at least 40 cases and every file in it is used")
    func corpusIsComplete() throws {
        #expect(Self.cases.count >= 40)
        let used = Set(Self.cases.flatMap(\.arguments).filter { $0.hasPrefix("corpus/") })
        let walker = try #require(FileManager.default.enumerator(atPath: Self.folder.path))
        var files: [String] = []
        while let name = walker.nextObject() as? String {
            if name.contains("/") { files.append("corpus/" + name) }
        }
        // Files named only inside other corpus files (a recipe cycle's second half).
        let referenced = ["corpus/steer/cycle-b.yaml"]
        let unused = files.filter { !used.contains($0) && !referenced.contains($0) }.sorted()
        #expect(unused.isEmpty, "corpus files no case uses: \(unused)")
    }

    @Test("one line naming the cause, exit status 2, nothing left behind", arguments: cases)
    func refused(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.copyItem(at: Self.folder, to: workspace.url.appendingPathComponent("corpus"))
        try workspace.copyFixture("tiny-reach.yaml")
        try workspace.makeFolder("folder")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments)
    }
}

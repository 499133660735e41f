import Foundation
import Testing
@testable import Runs

@Suite struct RunFilesTests {
    @Test("parent(of:) handles one-character paths that crash NSString.deletingLastPathComponent")
    func parentOfPaths() {
        #expect(RunFiles.parent(of: "r") == "")
        #expect(RunFiles.parent(of: "r/") == "")
        #expect(RunFiles.parent(of: "a/b") == "a")
        #expect(RunFiles.parent(of: "a/b/c.json") == "a/b")
        #expect(RunFiles.parent(of: "/a") == "/")
        #expect(RunFiles.parent(of: "/") == "/")
        #expect(RunFiles.parent(of: "a/b//") == "a")
        #expect(RunFiles.parent(of: "") == "")
    }
}

@Suite("Disk usage")
struct DiskUsageTests {
    @Test("counts allocated blocks of every file below a folder, like du")
    func diskUsage() throws {
        let temp = try TemporaryFolder()
        defer { temp.remove() }
        try FileManager.default.createDirectory(atPath: temp.file("a/b"), withIntermediateDirectories: true)
        let empty = RunFiles.diskUsage(of: temp.path)
        try Data(repeating: 7, count: 1_000_000).write(to: URL(fileURLWithPath: temp.file("a/b/big")))
        let grown = RunFiles.diskUsage(of: temp.path) - empty
        // Allocation is rounded up to blocks: at least the data, at most one 64 KiB extent more.
        #expect(grown >= 1_000_000 && grown <= 1_000_000 + 65_536, "\(grown)")
        // A hard link is counted once; a symbolic link is not followed.
        try FileManager.default.linkItem(atPath: temp.file("a/b/big"), toPath: temp.file("a/hard"))
        try FileManager.default.createSymbolicLink(atPath: temp.file("a/soft"), withDestinationPath: temp.file("a/b/big"))
        #expect(RunFiles.diskUsage(of: temp.path) - empty - grown < 8192)
        #expect(RunFiles.diskUsage(of: temp.file("nosuch")) == 0)
    }

    @Test("sizes read in binary units with three significant figures")
    func humanSize() {
        #expect(RunFiles.humanSize(0) == "0 B")
        #expect(RunFiles.humanSize(1023) == "1023 B")
        #expect(RunFiles.humanSize(1536) == "1.50 KiB")
        #expect(RunFiles.humanSize(28_626_124) == "27.3 MiB")
        #expect(RunFiles.humanSize(600 * 1024 * 1024 * 1024) == "600 GiB")
    }
}

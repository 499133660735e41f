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

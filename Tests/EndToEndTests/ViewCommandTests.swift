import Foundation
import Testing

/// `pushforward view <scene|run> [k=v ...]`: without the `Viewer` trait it says how to
/// rebuild; with it, bad input and a missing display each end in one line, at once.
/// (The window itself is checked under a virtual display by `Scripts/check_viewer.sh`.)
@Suite("pushforward view")
struct ViewCommandTests {
    /// The inherited environment without a display.
    static var headless: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = nil
        environment["WAYLAND_DISPLAY"] = nil
        return environment
    }

    #if Viewer
    static let cases: [UserErrorCase] = [
        UserErrorCase(["view", "pusht"], mentions: ["no display", "DISPLAY", "pushforward render"]),
        UserErrorCase(["view", "Scenes/reach.yaml"], mentions: ["no display", "pushforward render"]),
        UserErrorCase(["view", "pushtt"], mentions: ["pushtt", "no such scene file or run folder", "pusht"]),
        UserErrorCase(["view", "emptydir"], mentions: ["emptydir", "not a run folder"]),
        UserErrorCase(["view", "pusht", "speed=0"], mentions: ["speed", "0"]),
        UserErrorCase(["view", "pusht", "samplez=3"], mentions: ["'samplez=3'", "did you mean 'samples'?"]),
        UserErrorCase(["view", "pusht", "samples=0"], mentions: ["samples", "1...64"]),
        UserErrorCase(["view", "pusht", "antialias=3"], mentions: ["antialias", "3"]),
        UserErrorCase(["view", "pusht", "driver=robot"], mentions: ["driver=robot", "expert"]),
        UserErrorCase(["view", "pusht", "driver=policy"], mentions: ["driver=policy", "run folder"]),
        UserErrorCase(["view", "pusht", "screenshot=a.png"], mentions: ["screenshot", "frames"]),
        UserErrorCase(["view", "pusht", "frames=2", "screenshot=nowhere/a.png"], mentions: ["nowhere", "no such folder"]),
        UserErrorCase(["view", "pusht", "record=emptydir"], mentions: ["record=emptydir", "is a folder"]),
    ]
    #else
    static let cases: [UserErrorCase] = [
        UserErrorCase(["view", "pusht"], mentions: ["--traits Viewer", "pushforward render"]),
        UserErrorCase(["view", "Scenes/pusht.yaml", "frames=3"], mentions: ["--traits Viewer"]),
    ]
    #endif

    @Test("user errors and no display: one line, exit status 2, nothing written", arguments: cases)
    func userErrors(_ error: UserErrorCase) async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.makeFolder("emptydir")
        try await workspace.expectUserError(error.arguments, mentioning: error.fragments, environment: Self.headless)
    }

    @Test("a missing target is a usage error")
    func missingTarget() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.expectUserError(["view"], mentioning: ["<target>"])
    }
}

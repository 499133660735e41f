/// The viewer's keys: one place for what each does and how the help lists it.
public enum ViewControl: CaseIterable, Sendable {
    case pause, singleStep, reset, nextSeed, switchSampler, weightDown, weightUp, toggleSteering, toggleMouse, help, quit

    /// The key as the help shows it.
    public var key: String {
        switch self {
        case .pause: "space"
        case .singleStep: "."
        case .reset: "r"
        case .nextSeed: "n"
        case .switchSampler: "s"
        case .weightDown: "["
        case .weightUp: "]"
        case .toggleSteering: "d"
        case .toggleMouse: "m"
        case .help: "h"
        case .quit: "esc"
        }
    }

    public var summary: String {
        switch self {
        case .pause: "pause / resume"
        case .singleStep: "one control step (paused)"
        case .reset: "restart this episode"
        case .nextSeed: "next episode (next seed)"
        case .switchSampler: "next sampler"
        case .weightDown: "composition weight down"
        case .weightUp: "composition weight up"
        case .toggleSteering: "toggle DSRL steering"
        case .toggleMouse: "mouse teleoperation (hold the left button)"
        case .help: "show / hide this help"
        case .quit: "quit"
        }
    }

    /// The help, one line per key.
    public static var helpLines: [String] {
        allCases.map { control in
            control.key.padding(toLength: 6, withPad: " ", startingAt: 0) + control.summary
        }
    }
}

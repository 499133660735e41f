import Foundation
import Physics2D
import Tasks

/// What the window shows: the task's own frame (the one the software renderer and the
/// GIFs draw) with the action chunks on top, and the heads-up text.
extension ViewSession {
    /// The frame to draw: the scene as `task.drawList` gives it (goal, bodies, contacts,
    /// the action being executed), then the chunks when `options.chunks`.
    public func frame() -> DrawList {
        let contacts = (lastResult?.info.contactPoints ?? []).map { Vec2($0.0, $0.1) }
        var list = task.drawList(environment, action: lastAction, contacts: contacts)
        if options.chunks {
            for trace in traces() { list.append(contentsOf: ChunkStyle.commands(trace)) }
        }
        return list
    }

    /// The chunks to draw (world points), least important first.
    public func traces() -> [ChunkTrace] {
        let point = { (action: [Double]) in self.task.point(of: action, in: self.environment) }
        switch driver {
        case .policy:
            return live?.traces(point: point, executedSoFar: planCursor) ?? []
        case .expert:
            let points = expertChunk.compactMap(point)
            return points.isEmpty ? [] : [ChunkTrace(role: .chosen, points: points)]
        case .mouse:
            return []
        }
    }

    /// The heads-up lines: the episode; its measures and who drives; the policy's
    /// sampler and replan; the last key's note (or the help key).
    public var headsUp: [String] {
        let episodeLine = "ep \(episode)  step \(environment.stepIndex)/\(environment.maxSteps)  seed \(options.seed)"
        var measures: [String] = []
        if let coverage = task.coverage(environment) { measures.append("coverage \(percent(coverage))") }
        if let distance = task.distanceToGoal(environment) { measures.append("distance \(String(format: "%.1f", distance))") }
        measures.append("success \(environment.isSuccess ? "yes" : "no")")
        var driving = driver.rawValue
        if let live, case .steered = live.source {
            driving += " (\(live.source.label) \(live.steeringOn ? "on" : "off"))"
        }
        if let live, let weights = live.weights {
            driving += " (composed " + weights.map { String(format: "%.2f", $0) }.joined(separator: "/") + ")"
        }
        measures.append(driving)
        measures.append("\(speedLabel)x" + (paused ? "  paused" : ""))
        var policyLine = "no policy"
        if let live {
            let latency = live.lastLatency.map { String(format: "%.1f ms", $0 * 1000) } ?? "-"
            policyLine = "\(live.sampler)  nfe \(live.functionEvaluations)  replan \(latency)  \(live.samples) samples"
        }
        if recorder != nil { policyLine += "  recorded \(recordedEpisodes)" }
        return [episodeLine, measures.joined(separator: "  "), policyLine, message.isEmpty ? "h help" : message]
    }

    private var speedLabel: String {
        options.speed == options.speed.rounded() ? String(Int(options.speed)) : String(format: "%.2g", options.speed)
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
}

/// How each chunk role is drawn: colours of the palette, widths in screen pixels so the
/// chunks stay visible at any window size.
enum ChunkStyle {
    /// The base policy's chunk beside a steered one.
    static let baseColor = RGB(41, 128, 185)

    static func commands(_ trace: ChunkTrace) -> [DrawCommand] {
        let points = trace.points
        switch trace.role {
        case .sample:
            return [.translucent(.polyline(points, width: .pixels(1.5), color: .trajectory), opacity: 0.45)]
        case .base:
            return [.translucent(.polyline(points, width: .pixels(2.5), color: baseColor), opacity: 0.85)]
        case .steered:
            return [.translucent(.polyline(points, width: .pixels(2), color: .actionMarker), opacity: 0.45)]
        case .chosen:
            return [.translucent(.polyline(points, width: .pixels(2), color: .actionMarker), opacity: 0.7)]
        case .executed:
            return [.polyline(points, width: .pixels(3.5), color: .actionMarker)]
        }
    }
}

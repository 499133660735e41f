import Foundation
import Tasks

/// Records mouse-teleoperated episodes into a demonstration dataset, in the format that
/// `pushforward demos` writes and `pushforward train` reads.
///
/// A human gives one action per step, not a chunk: each step's chunk is the actions the
/// operator executed from that step on (the last one repeated past the episode's end),
/// which is what a chunk label means for recorded demonstrations.
struct TeleopRecorder {
    let path: String
    private(set) var dataset: DemonstrationDataset
    private var observations: [[Double]] = []
    private var actions: [[Double]] = []

    init<Task: TaskDefinition>(path: String, task: Task, seed: UInt64) {
        self.path = path
        dataset = DemonstrationDataset(
            observationSize: task.observationSize, actionSize: task.actionSize, horizon: task.expertHorizon,
            metadata: ["scene": task.sceneName, "expert": "mouse teleoperation (pushforward view)",
                       "seed": String(seed), "episode_seeds": "evaluation episode seeds (SeedDomain.evaluationEpisode)"])
    }

    /// Steps recorded in the episode under way.
    var pendingSteps: Int { observations.count }

    /// One teleoperated step: the observation before it and the action taken.
    mutating func append(observation: [Double], action: [Double]) {
        observations.append(observation)
        actions.append(action)
    }

    /// Drops the episode under way (the operator handed control to someone else).
    mutating func discard() {
        observations.removeAll()
        actions.removeAll()
    }

    /// Ends the episode under way: appends it (if it has steps) and rewrites the file.
    /// Returns whether an episode was stored.
    mutating func finish(success: Bool) throws -> Bool {
        guard !observations.isEmpty else { return false }
        var episode = ExpertEpisode()
        episode.observations = observations
        episode.chunks = (0..<actions.count).map { start in
            (0..<dataset.horizon).map { actions[min(start + $0, actions.count - 1)] }
        }
        episode.success = success
        dataset.append(episode)
        discard()
        dataset.metadata["episode_success"] = dataset.episodeSuccess.map { $0 ? "1" : "0" }.joined()
        try dataset.write(to: path)
        return true
    }
}

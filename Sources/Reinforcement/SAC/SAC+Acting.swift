import NeuralNet

/// Choosing actions in the environment, for any number of observations at once.
extension SAC {
    /// Actions for `observations` (`n x observationSize`), as a new `n x actionSize`
    /// matrix: `bound * tanh(mean)` when `deterministic` (no draw from `generator`),
    /// otherwise a sample of the squashed Gaussian (`n x actionSize` normal draws).
    public func act(observations: Matrix, deterministic: Bool, generator: inout RandomSource) -> Matrix {
        let actions = Matrix(rows: observations.rows, columns: actionSize)
        act(observations: observations, deterministic: deterministic, generator: &generator, into: actions)
        return actions
    }

    /// `act` into a caller-owned `n x actionSize` matrix. The workspace for `n` rows is
    /// allocated on the first call with that `n` and kept.
    public func act(observations: Matrix, deterministic: Bool, generator: inout RandomSource, into actions: Matrix) {
        let n = observations.rows
        precondition(observations.columns == observationSize && actions.rows == n && actions.columns == actionSize,
                     "act expects n x \(observationSize) observations and n x \(actionSize) actions")
        let workspace: SquashedGaussianActor.Workspace
        if let cached = actingWorkspaces[n] {
            workspace = cached
        } else {
            workspace = SquashedGaussianActor.Workspace(for: actor, batchSize: n)
            actingWorkspaces[n] = workspace
        }
        if deterministic {
            actor.deterministicActions(observations, workspace: workspace, into: actions)
        } else {
            actor.sample(observations, using: &generator, workspace: workspace)
            actions.assign(from: workspace.actions)
        }
    }
}

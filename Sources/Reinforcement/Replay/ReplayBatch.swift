import NeuralNet

/// One preallocated minibatch of transitions (`size` rows).
public struct ReplayBatch {
    public let size: Int
    /// `size x observationSize`.
    public let observations: Matrix
    /// `size x actionSize`.
    public let actions: Matrix
    /// `size x 1`.
    public let rewards: Matrix
    /// `size x observationSize`.
    public let nextObservations: Matrix
    /// `size x 1`: 0 at a terminal, else the transition's discount.
    public let discounts: Matrix

    public init(size: Int, observationSize: Int, actionSize: Int) {
        self.size = size
        observations = Matrix(rows: size, columns: observationSize)
        actions = Matrix(rows: size, columns: actionSize)
        rewards = Matrix(rows: size, columns: 1)
        nextObservations = Matrix(rows: size, columns: observationSize)
        discounts = Matrix(rows: size, columns: 1)
    }
}

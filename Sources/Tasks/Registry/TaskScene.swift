/// A scene file's type: one per task family. The scene is data (geometry, parameters,
/// reset ranges); `makeTask` joins it with the family's code (rewards, experts).
public protocol TaskScene: Codable, Sendable {
    /// The value of `task:` in a scene file that selects this family.
    static var family: String { get }
    /// What a scene file starts from: keys it leaves out keep these values.
    static var defaults: Self { get }
    /// Scenes available by bare name (`pusht`, `reach`, `reach-obstacle`), equal to the
    /// shipped files in `Scenes/`, so embedded configurations work from any folder.
    static var builtIns: [String: Self] { get }

    var name: String { get }
    /// Checks what decoding cannot (convexity, ranges); errors name the key.
    func validate() throws(SceneError)
    /// The task of this scene with the given options.
    func makeTask(options: TaskOptions) throws -> any TaskDefinition
}

/// Options of a task beyond its scene, set in training and demos configurations. Keys
/// that a family does not use are ignored by it.
public struct TaskOptions: Sendable, Hashable {
    /// Push-T: what the policy observes.
    public var observation: PushTEnvironment.ObservationKind
    /// Push-T: the expert's options (`expert.temperature=1` for the randomised variant).
    public var expert: PushTExpert.Options

    public init(observation: PushTEnvironment.ObservationKind = .state, expert: PushTExpert.Options = .init()) {
        self.observation = observation
        self.expert = expert
    }
}

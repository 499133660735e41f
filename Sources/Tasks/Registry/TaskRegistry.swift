/// The task families. Adding one is a scene type conforming to `TaskScene` (with its
/// `TaskDefinition`) and one entry in `families`; nothing else switches on the family.
public enum TaskRegistry {
    /// Every family, in the order they are listed to users.
    public static let families: [any TaskScene.Type] = [PushTScene.self, ReachScene.self]

    /// The family selected by a scene file's `task:` value.
    public static func family(named name: String) -> (any TaskScene.Type)? {
        families.first { $0.family == name }
    }

    /// The families' `task:` values.
    public static var familyNames: [String] { families.map { $0.family } }

    /// A built-in scene by bare name (`pusht`, `reach`, `reach-obstacle`).
    public static func builtInScene(named name: String) -> (any TaskScene)? {
        for family in families {
            if let scene = builtIn(name, of: family) { return scene }
        }
        return nil
    }

    private static func builtIn<S: TaskScene>(_ name: String, of family: S.Type) -> (any TaskScene)? {
        family.builtIns[name]
    }
}

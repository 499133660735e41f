/// Named colours of Pushforward's scenes.
///
/// The Push-T values are those of the reference renderer (`specs/pusht.md`, "Rendering");
/// the Reach values are Pushforward's own and only need to stay distinct and readable.
/// `RGB.named` lists them all so that the GIF palette can reproduce each one exactly.
extension RGB {
    public static let white = RGB(255, 255, 255)
    public static let black = RGB(0, 0, 0)

    // Push-T (reference values).
    /// Background of every scene.
    public static let background = RGB.white
    /// Goal pose of the T, filled.
    public static let goal = RGB(144, 238, 144)
    /// Static walls.
    public static let wall = RGB(211, 211, 211)
    /// Pusher disc (radius 15).
    public static let agent = RGB(65, 105, 225)
    /// Inner disc of the pusher (radius 11).
    public static let agentInner = RGB(78, 126, 255)
    /// T block fill.
    public static let block = RGB(143, 163, 184)
    /// T block outline.
    public static let blockOutline = RGB(119, 136, 153)
    /// Contact points.
    public static let contact = RGB(231, 76, 60)

    // Reach (Pushforward's choice).
    /// Fixed base of the arm.
    public static let armBase = RGB(90, 90, 100)
    /// Arm links.
    public static let armLink = RGB(52, 73, 94)
    /// Revolute joints and the end effector.
    public static let armJoint = RGB(241, 196, 15)
    /// The reach target.
    public static let target = RGB(46, 204, 113)
    /// Static obstacle of `reach-obstacle`.
    public static let obstacle = RGB(127, 140, 141)

    // Overlays shared by all tasks.
    /// The commanded action (target position of the pusher, or end-effector target).
    public static let actionMarker = RGB(142, 68, 173)
    /// Planned or past trajectories drawn over the scene.
    public static let trajectory = RGB(230, 126, 34)

    /// Every named colour above, in a fixed order (the GIF palette keeps each exactly).
    public static let named: [RGB] = [
        .white, .black, .goal, .wall, .agent, .agentInner, .block, .blockOutline, .contact,
        .armBase, .armLink, .armJoint, .target, .obstacle, .actionMarker, .trajectory,
    ]
}

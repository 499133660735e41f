import Physics2D

extension ReachEnvironment {
    /// The current frame: obstacle, target disc, the two links, joints and base.
    public func drawList(action: [Double]? = nil) -> DrawList {
        var list = DrawList(background: .background)
        if let o = scene.obstacle { list.append(.disc(center: o.center, radius: o.radius, color: .obstacle)) }
        list.append(.disc(center: target, radius: scene.targetDisplayRadius, color: .target))
        if let action {
            // The commanded configuration, faintly.
            let (elbow, tip) = forwardKinematics(action)
            list.append(.translucent(.polyline([scene.base, elbow, tip], width: .units(3), color: .armLink), opacity: 0.3))
        }
        let (elbow, tip) = forwardKinematics(jointAngles)
        list.append(.capsule(from: scene.base, to: elbow, radius: scene.links[0].width / 2, color: .armLink))
        list.append(.capsule(from: elbow, to: tip, radius: scene.links[1].width / 2, color: .armLink))
        list.append(.disc(center: elbow, radius: 6, color: .armJoint))
        list.append(.disc(center: scene.base, radius: 9, color: .armBase))
        return list
    }
}

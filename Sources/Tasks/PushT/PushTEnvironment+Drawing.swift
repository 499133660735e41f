import Physics2D

extension PushTEnvironment {
    /// The current frame with the colours of `specs/pusht.md`: goal, walls, block (fill and
    /// outline), pusher, contact points, and an optional action marker.
    public func drawList(action: Vec2? = nil, contacts: [Vec2] = []) -> DrawList {
        var list = DrawList(background: .background)
        let parts = simulator.parts.map(\.vertices)
        let goal = Transform(rotation: .unit(angle: scene.goal.angle), translation: scene.goal.position)
        list.appendPolygons(parts, at: goal, color: .goal)
        for wall in scene.walls {
            list.append(.capsule(from: wall.from, to: wall.to, radius: wall.radius, color: .wall))
        }
        let block = simulator.world.body(simulator.block).transform
        list.appendPolygons(parts, at: block, color: .block)
        for part in parts { list.appendOutline(part, at: block, width: .units(1.5), color: .blockOutline) }
        let agent = simulator.agentPosition
        list.append(.disc(center: agent, radius: scene.agent.radius, color: .agent))
        list.append(.disc(center: agent, radius: scene.agent.radius * 11 / 15, color: .agentInner))
        for c in contacts { list.append(.disc(center: c, radius: 3, color: .contact)) }
        if let action {
            list.append(.marker(center: action, size: .pixels(5), width: .pixels(2), style: .cross, color: .actionMarker))
        }
        return list
    }
}

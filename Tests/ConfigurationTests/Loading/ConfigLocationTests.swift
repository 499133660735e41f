import Testing
@testable import Configuration

/// A scene validated after decoding, as the Tasks module does: the error carries the
/// key path of the bad part, and the config layer names the line.
private struct NotConvex: KeyedConfigError {
    var configPath: [String]
    var configMessage: String
}

@Suite struct ConfigLocationTests {
    let scene = """
        block:
          parts:
            - vertices: [[0, 0], [1, 0], [0, 1]]
              mass: 1
            - vertices: [[0, 0], [2, 0], [1, 1], [2, 2]]
              mass: 1
        """

    struct Scene: Codable, Equatable {
        struct Block: Codable, Equatable { var parts: [Part] }
        var block: Block
    }

    @Test func semanticErrorsAreWrappedWithTheirLine() throws {
        let config = try LoadedConfig.load(Scene.self, yaml: scene, name: "Scenes/pusht.yaml")
        let error = config.validate { _ in
            throw NotConvex(configPath: ["block", "parts", "1"], configMessage: "part 1 of the block is not convex")
        }
        #expect(error.description == "Scenes/pusht.yaml:5: key 'block.parts[1]': part 1 of the block is not convex")
        #expect(config.error(at: "block.parts[1].vertices", "has 4 vertices").description
            == "Scenes/pusht.yaml:5: key 'block.parts[1].vertices': has 4 vertices")
        let location = config.document.origin(of: "block.parts.1.mass").fileLine
        #expect(location?.file == "Scenes/pusht.yaml" && location?.line == 6)
    }

    @Test func decodingErrorsFromValidatingInitializersGetTheirLine() {
        struct Positive: Codable {
            var mass: Double
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                mass = try container.decode(Double.self, forKey: .mass)
                guard mass > 0 else {
                    throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [CodingKeys.mass],
                                                            debugDescription: "must be positive"))
                }
            }
        }
        struct Holder: Codable { var items: [Positive] }
        #expect(decodeError(Holder.self, "items:\n  - mass: 1\n  - mass: -2\n")
            == "train.yaml:3: key 'items[1].mass': must be positive")
    }

    @Test func otherErrorsLandOnTheKeyBeingDecoded() {
        struct Picky: Codable {
            struct Failure: Error, CustomStringConvertible { var description: String { "not allowed here" } }
            init(from decoder: any Decoder) throws { throw Failure() }
        }
        struct Holder: Codable { var picky: Picky }
        #expect(decodeError(Holder.self, "\npicky: 3\n") == "train.yaml:2: key 'picky': not allowed here")
    }
}

private extension LoadedConfig {
    /// The error `validate` throws, as text.
    func validate(_ check: (Value) throws -> Void) -> ConfigError {
        do {
            try validate { value throws in try check(value) } as Void
            return ConfigError("no error")
        } catch {
            return error
        }
    }
}

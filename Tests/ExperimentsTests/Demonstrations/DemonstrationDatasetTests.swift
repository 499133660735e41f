import Foundation
import NeuralNet
import Testing
import Tasks
@testable import Experiments

@Suite struct DemonstrationDatasetTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("pf-\(UUID().uuidString)-\(name)").path
    }

    static func reachDataset(threads: Int, episodes: Int = 6) throws -> DemonstrationDataset {
        var scene = ReachScene()
        scene.obstacle = ReachScene.Obstacle(center: .init(366, 256), radius: 30)
        var config = DemosConfig()
        config.episodes = episodes
        config.threads = threads
        config.seed = 4
        config.out = temporaryPath("reach.safetensors")
        let report = try Demos.run(scene: scene, scenePath: "Scenes/reach-obstacle.yaml", config: config) { _, _ in }
        return try DemonstrationDataset.read(from: report.outputPath)
    }

    @Test func datasetRoundTripsThroughSafetensors() throws {
        let original = try Self.reachDataset(threads: 1)
        #expect(original.episodeCount == 6 && original.horizon == 16 && original.observationSize == 6)
        let path = Self.temporaryPath("copy.safetensors")
        try original.write(to: path)
        #expect(try DemonstrationDataset.read(from: path) == original)
        // Written for Python too, when the CI interop check asks for files.
        if let folder = ProcessInfo.processInfo.environment["PUSHFORWARD_INTEROP_DIR"] {
            try original.write(to: folder + "/demonstrations.safetensors")
        }
    }

    @Test func collectionDoesNotDependOnThreadCount() throws {
        #expect(try Self.reachDataset(threads: 1) == Self.reachDataset(threads: 2))
    }

    @Test func truncatedDatasetIsRejectedWithItsName() throws {
        let path = Self.temporaryPath("t.safetensors")
        try Self.reachDataset(threads: 1, episodes: 2).write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: path))
        #expect(throws: SafeTensorsError.self) { try DemonstrationDataset.read(from: path) }
        do { _ = try DemonstrationDataset.read(from: path) } catch {
            #expect(String(describing: error).hasPrefix(path + ": "))
        }
    }

    @Test func aFlippedBitInADatasetIsRefused() throws {
        let path = Self.temporaryPath("f.safetensors")
        try Self.reachDataset(threads: 1, episodes: 2).write(to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 40] ^= 0x01   // inside episode_ends/obs data, not the header
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            _ = try DemonstrationDataset.read(from: path)
            Issue.record("a dataset with a flipped bit was read")
        } catch {
            #expect(String(describing: error).hasPrefix(path + ": checksum mismatch: "), "\(error)")
        }
    }

    @Test func inconsistentEpisodeIndexIsRejected() throws {
        let path = Self.temporaryPath("i.safetensors")
        var dataset = try Self.reachDataset(threads: 1, episodes: 2)
        try dataset.write(to: path)
        var file = try SafeTensors.read(contentsOf: URL(fileURLWithPath: path))
        file.tensors["episode_ends"] = TensorData(int64: [5, 3], shape: [2])
        try SafeTensors.write(file, to: URL(fileURLWithPath: path))
        do {
            _ = try DemonstrationDataset.read(from: path)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "\(path): inconsistent dataset: obs has \(dataset.stepCount * 6) numbers, expected 3 x 6")
        }
        dataset.episodeEnds = []
        #expect(throws: DatasetError.self) { try dataset.validate() }
    }

    @Test func aFileThatIsNotADatasetSaysSo() throws {
        let path = Self.temporaryPath("n.safetensors")
        try SafeTensors.write(SafeTensorsFile(tensors: ["w": TensorData(floats: [1, 2])]), to: URL(fileURLWithPath: path))
        do {
            _ = try DemonstrationDataset.read(from: path)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "\(path): not a demonstration dataset: no tensor 'obs'")
        }
    }
}

import Foundation
import NeuralNet
import Testing
@testable import Policies

/// A damaged checkpoint is refused with one line naming the file, never loaded.
@Suite struct PolicyCheckpointIntegrityTests {
    /// A checkpoint folder of a tiny diffusion policy after 3 training steps.
    private func checkpoint() throws -> (folder: String, trainer: BehaviourCloning) {
        let trainer = try tinyTrainer { $0.steps = 3 }
        for _ in 0..<3 { trainer.trainStep() }
        let folder = NSTemporaryDirectory() + "pf-checkpoint-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try PolicyCheckpoint.write(trainer: trainer, to: folder)
        return (folder, trainer)
    }

    private func damage(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test func aFlippedBitInTheWeightsIsRefused() throws {
        let (folder, trainer) = try checkpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let model = folder + "/" + PolicyCheckpoint.modelFile
        // A bit in the middle of the last (largest) part of the file: weights, not header.
        try damage(model) { $0[$0.count - 100] ^= 0x10 }
        do {
            try PolicyCheckpoint.restore(trainer, from: folder)
            Issue.record("a checkpoint with a flipped bit was restored")
        } catch {
            #expect("\(error)".hasPrefix("\(model): checksum mismatch: "), "\(error)")
        }
        #expect(throws: (any Error).self) { try PolicyCheckpoint.loadPolicy(from: folder, useEMA: false) }
        // The EMA file is intact and still loads.
        _ = try PolicyCheckpoint.loadPolicy(from: folder)
    }

    @Test func aTruncatedCheckpointIsRefused() throws {
        let (folder, _) = try checkpoint()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ema = folder + "/" + PolicyCheckpoint.emaFile
        try damage(ema) { $0.removeLast($0.count / 3) }
        do {
            _ = try PolicyCheckpoint.loadPolicy(from: folder)
            Issue.record("a truncated checkpoint was loaded")
        } catch {
            #expect("\(error)".hasPrefix("\(ema): ") && "\(error)".contains("beyond the"), "\(error)")
            #expect(!"\(error)".contains("\n"))
        }
    }
}

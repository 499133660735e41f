import Foundation
import Testing
@testable import NeuralNet

/// Every file carries `checksum: crc32:...` of its data section; damage inside the data,
/// which the structural checks cannot see, is refused; files without one still load.
@Suite struct SafeTensorsChecksumTests {
    private let sample = SafeTensorsFile(tensors: [
        "a": TensorData(floats: (0..<64).map { Float($0) * 0.25 }, shape: [8, 8]),
        "b": TensorData(int64: [1, -2, 3], shape: [3]),
    ], metadata: ["step": "7"])

    /// The header JSON of encoded bytes, as text.
    private func header(_ bytes: [UInt8]) -> String {
        var length = 0
        for i in 0..<8 { length |= Int(bytes[i]) << (8 * i) }
        return String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
    }

    private func dataStart(_ bytes: [UInt8]) -> Int {
        var length = 0
        for i in 0..<8 { length |= Int(bytes[i]) << (8 * i) }
        return 8 + length
    }

    @Test func writtenFilesRecordTheCRC32OfTheirDataAndReadBackUnchanged() throws {
        let bytes = SafeTensors.encode(sample)
        // zlib's CRC-32 of the whole data section (the tensors in name order).
        let data = Array(bytes[dataStart(bytes)...])
        let expected = SafeTensors.Checksum.crc32([data])
        #expect(header(bytes).contains("\"checksum\":\"\(expected)\""))
        #expect(expected.count == 14 && expected.hasPrefix("crc32:"))
        // The reader verifies and removes it: a round trip gives the same file back.
        #expect(try SafeTensors.decode(bytes, file: "x") == sample)
    }

    @Test func knownCRC32Value() {
        // The standard check value of CRC-32: crc32("123456789") = cbf43926.
        #expect(SafeTensors.Checksum.crc32([Array("1234".utf8), Array("56789".utf8)]) == "crc32:cbf43926")
        #expect(SafeTensors.Checksum.crc32([]) == "crc32:00000000")
    }

    @Test func aFlippedBitAnywhereInTheDataIsRefused() throws {
        let bytes = SafeTensors.encode(sample)
        let start = dataStart(bytes)
        for position in stride(from: start, to: bytes.count, by: 37) {
            for bit in [0, 7] {
                var damaged = bytes
                damaged[position] ^= UInt8(1 << bit)
                do {
                    _ = try SafeTensors.decode(damaged, file: "model.safetensors")
                    Issue.record("byte \(position) bit \(bit) flipped and the file still loaded")
                } catch let error as SafeTensorsError {
                    #expect(error.description.hasPrefix("model.safetensors: checksum mismatch: "), "\(error)")
                    #expect(!error.description.contains("\n"))
                }
            }
        }
    }

    @Test func truncationIsRefusedBeforeTheChecksum() throws {
        let bytes = SafeTensors.encode(sample)
        for cut in [1, 4, 100, bytes.count - dataStart(bytes)] {
            #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Array(bytes.dropLast(cut)), file: "t") }
        }
    }

    @Test func aMalformedChecksumIsRefused() throws {
        var file = sample
        file.metadata["checksum"] = "md5:abc"
        // encode replaces any checksum the caller set; build the bytes by hand instead.
        var bytes = SafeTensors.encode(file)
        let text = header(bytes)
        let recorded = try #require(text.range(of: #"crc32:[0-9a-f]{8}"#, options: .regularExpression))
        let replaced = text.replacingCharacters(in: recorded, with: "sha:0123456789")
        bytes.replaceSubrange(8..<(8 + text.utf8.count), with: Array(replaced.utf8))
        #expect(throws: SafeTensorsError(file: "m", problem: "checksum 'sha:0123456789' in __metadata__ is not crc32:<8 hex digits>")) {
            try SafeTensors.decode(bytes, file: "m")
        }
    }

    @Test func filesWithoutAChecksumStillLoad() throws {
        // The golden file predates checksums (written by Python's safetensors).
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/golden.safetensors")
        let file = try SafeTensors.read(contentsOf: url)
        #expect(file.metadata["checksum"] == nil && !file.tensors.isEmpty)
    }
}

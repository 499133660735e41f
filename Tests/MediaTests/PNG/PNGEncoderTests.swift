import Testing
import Foundation
import CZlib
import Physics2D
import Runs
@testable import Tasks
@testable import Media

/// A minimal PNG reader for 8-bit RGB files, enough to check the encoder: chunk framing,
/// CRCs, zlib stream and all five row filters.
private struct DecodedPNG {
    var width = 0
    var height = 0
    var rgb: [UInt8] = []
}

private enum PNGCheckError: Error { case malformed(String) }

private func readBigEndian(_ b: [UInt8], _ at: Int) -> Int {
    Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
}

private func decodePNG(_ bytes: [UInt8]) throws -> DecodedPNG {
    guard bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
        throw PNGCheckError.malformed("signature")
    }
    var png = DecodedPNG()
    var compressed: [UInt8] = []
    var types: [String] = []
    var at = 8
    while at < bytes.count {
        let length = readBigEndian(bytes, at)
        let typeAndData = Array(bytes[(at + 4)..<(at + 8 + length)])
        let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
        let stored = readBigEndian(bytes, at + 8 + length)
        let crc = typeAndData.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        guard Int(crc) == stored else { throw PNGCheckError.malformed("CRC of \(type)") }
        let data = Array(typeAndData[4...])
        types.append(type)
        switch type {
        case "IHDR":
            png.width = readBigEndian(data, 0)
            png.height = readBigEndian(data, 4)
            guard Array(data[8...]) == [8, 2, 0, 0, 0] else { throw PNGCheckError.malformed("IHDR fields") }
        case "IDAT": compressed += data
        default: break
        }
        at += 12 + length
    }
    guard types.first == "IHDR", types.last == "IEND", at == bytes.count else {
        throw PNGCheckError.malformed("chunk order \(types)")
    }
    let rowBytes = png.width * 3
    var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * png.height)
    var rawCount = uLongf(raw.count)
    let status = raw.withUnsafeMutableBufferPointer { dst in
        compressed.withUnsafeBufferPointer { src in
            uncompress(dst.baseAddress, &rawCount, src.baseAddress, uLong(src.count))
        }
    }
    guard status == Z_OK, Int(rawCount) == raw.count else { throw PNGCheckError.malformed("zlib \(status)") }
    png.rgb = [UInt8](repeating: 0, count: rowBytes * png.height)
    for y in 0..<png.height {
        let filter = raw[y * (rowBytes + 1)]
        for i in 0..<rowBytes {
            let x = Int(raw[y * (rowBytes + 1) + 1 + i])
            let a = i >= 3 ? Int(png.rgb[y * rowBytes + i - 3]) : 0
            let b = y > 0 ? Int(png.rgb[(y - 1) * rowBytes + i]) : 0
            let c = i >= 3 && y > 0 ? Int(png.rgb[(y - 1) * rowBytes + i - 3]) : 0
            let predictor: Int
            switch filter {
            case 0: predictor = 0
            case 1: predictor = a
            case 2: predictor = b
            case 3: predictor = (a + b) / 2
            case 4:
                let p = a + b - c
                let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
            default: throw PNGCheckError.malformed("filter \(filter)")
            }
            png.rgb[y * rowBytes + i] = UInt8((x + predictor) & 0xFF)
        }
    }
    return png
}

/// A scene with flat areas, gradients of anti-aliased edges and noise, so that every
/// row filter gets chosen somewhere.
private func busyCanvas(width: Int, height: Int) -> Canvas {
    var c = Canvas(width: width, height: height, worldExtent: 100)
    c.fillPolygon([Vec2(10, 10), Vec2(90, 30), Vec2(40, 80)], color: .goal)
    c.fillDisc(center: Vec2(60, 60), radius: 25, color: .agent, opacity: 0.6)
    c.strokePolygon([Vec2(5, 5), Vec2(95, 5), Vec2(95, 95)], width: .pixels(2), color: .blockOutline)
    var state: UInt32 = 12345
    for y in 0..<height {
        for x in 0..<width / 4 {
            state = state &* 1_664_525 &+ 1_013_904_223
            c[x, y] = RGB(UInt8(state >> 24), UInt8((state >> 16) & 0xFF), UInt8(x * 255 / max(1, width / 4)))
        }
    }
    return c
}

/// A fresh private folder under the system's temporary directory.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("pushforward-render-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct PNGEncoderTests {
    @Test(arguments: [(1, 1), (3, 2), (96, 96), (123, 77)])
    func decodedPixelsEqualTheCanvas(width: Int, height: Int) throws {
        let canvas = busyCanvas(width: width, height: height)
        let png = try decodePNG(canvas.pngData())
        #expect(png.width == width && png.height == height)
        #expect(png.rgb == canvas.pixels)
    }

    @Test func rowFiltersAreChosenPerRow() {
        let rows = PNGEncoder.filteredRows(busyCanvas(width: 64, height: 64))
        let filters = Set((0..<64).map { rows[$0 * (64 * 3 + 1)] })
        #expect(filters.count >= 2)
    }

    @Test func writesAtomicallyAndReplacesTheFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("frame.png").path
        try Canvas(width: 8, height: 8, background: .goal).writePNG(to: path)
        let canvas = busyCanvas(width: 20, height: 10)
        try canvas.writePNG(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try decodePNG(bytes).rgb == canvas.pixels)
        // No temporary file is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["frame.png"])
    }

    @Test func failedWritesLeaveNoFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no/such/folder/frame.png").path
        #expect(throws: RenderingError.self) { try Canvas(width: 4, height: 4).writePNG(to: missing) }
        // A directory in the way: the rename fails after the temporary file was written.
        let blocked = folder.appendingPathComponent("taken.png")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("x"), withIntermediateDirectories: false)
        do {
            try Canvas(width: 4, height: 4).writePNG(to: blocked.path)
            Issue.record("expected a failure")
        } catch {
            #expect(error.description.contains(blocked.path))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["taken.png"])
    }
}

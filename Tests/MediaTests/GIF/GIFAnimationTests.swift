import Testing
import Foundation
import Physics2D
import Runs
@testable import Tasks
@testable import Media

/// A minimal GIF reader, independent of the encoder: enough to check the file structure,
/// the loop extension, frame delays and the LZW data exactly.
private struct DecodedGIF {
    struct Frame {
        var delay = 0
        /// The whole screen after this frame was drawn over the previous one.
        var indices: [UInt8] = []
        /// The rectangle the frame's own data covers: x, y, width, height.
        var rectangle = (0, 0, 0, 0)
        /// Clear codes met in the data (the first one included).
        var clearCodes = 0
    }
    var width = 0
    var height = 0
    var palette: [RGB] = []
    var loopCount: Int?
    var frames: [Frame] = []

    func pixels(of frame: Frame) -> [UInt8] {
        frame.indices.flatMap { i -> [UInt8] in let c = palette[Int(i)]; return [c.r, c.g, c.b] }
    }
}

private enum GIFCheckError: Error { case malformed(String) }

private func decodeGIF(_ b: [UInt8]) throws -> DecodedGIF {
    var at = 0
    func byte() throws -> Int {
        guard at < b.count else { throw GIFCheckError.malformed("truncated") }
        defer { at += 1 }
        return Int(b[at])
    }
    func le16() throws -> Int { let lo = try byte(); return try lo | byte() << 8 }
    func subBlocks() throws -> [UInt8] {
        var data: [UInt8] = []
        while true {
            let n = try byte()
            if n == 0 { return data }
            guard at + n <= b.count else { throw GIFCheckError.malformed("sub-block") }
            data += b[at..<(at + n)]
            at += n
        }
    }
    guard b.count > 13, String(decoding: b[0..<6], as: UTF8.self) == "GIF89a" else {
        throw GIFCheckError.malformed("signature")
    }
    at = 6
    var gif = DecodedGIF()
    gif.width = try le16()
    gif.height = try le16()
    let packed = try byte()
    _ = try byte(); _ = try byte()
    guard packed & 0x80 != 0 else { throw GIFCheckError.malformed("no global colour table") }
    for _ in 0..<(2 << (packed & 7)) { gif.palette.append(RGB(UInt8(try byte()), UInt8(try byte()), UInt8(try byte()))) }
    var delay = 0
    var screen = [UInt8](repeating: 0, count: gif.width * gif.height)
    while true {
        switch try byte() {
        case 0x21:
            let label = try byte()
            let data = try subBlocks()
            if label == 0xF9 { delay = Int(data[1]) | Int(data[2]) << 8 }
            if label == 0xFF, data.count == 14, String(decoding: data[0..<11], as: UTF8.self) == "NETSCAPE2.0" {
                gif.loopCount = Int(data[12]) | Int(data[13]) << 8
            }
        case 0x2C:
            let (x, y, w, h) = (try le16(), try le16(), try le16(), try le16())
            guard w > 0, h > 0, x + w <= gif.width, y + h <= gif.height, try byte() == 0 else {
                throw GIFCheckError.malformed("image descriptor")
            }
            let minimumCodeSize = try byte()
            var frame = try lzwDecode(subBlocks(), minimumCodeSize: minimumCodeSize)
            guard frame.indices.count == w * h else { throw GIFCheckError.malformed("\(frame.indices.count) pixels") }
            // Disposal "leave in place": the frame is drawn over the screen so far.
            for row in 0..<h {
                for col in 0..<w { screen[(y + row) * gif.width + x + col] = frame.indices[row * w + col] }
            }
            frame.indices = screen
            frame.rectangle = (x, y, w, h)
            frame.delay = delay
            gif.frames.append(frame)
        case 0x3B:
            guard at == b.count else { throw GIFCheckError.malformed("data after the trailer") }
            return gif
        case let other:
            throw GIFCheckError.malformed("block \(other)")
        }
    }
}

/// Textbook LZW decoding with a table of byte strings.
private func lzwDecode(_ data: [UInt8], minimumCodeSize m: Int) throws -> DecodedGIF.Frame {
    let clear = 1 << m, end = clear + 1
    var frame = DecodedGIF.Frame()
    var table: [[UInt8]] = []
    var codeSize = m + 1
    var previous: Int?
    var bitPosition = 0
    func reset() {
        table = (0..<clear).map { [UInt8($0)] } + [[], []]
        codeSize = m + 1
        previous = nil
    }
    reset()
    while true {
        guard bitPosition + codeSize <= data.count * 8 else { throw GIFCheckError.malformed("no end code") }
        var code = 0
        for k in 0..<codeSize {
            let bit = bitPosition + k
            code |= Int((data[bit >> 3] >> UInt8(bit & 7)) & 1) << k
        }
        bitPosition += codeSize
        if code == clear { reset(); frame.clearCodes += 1; continue }
        if code == end { break }
        guard let prev = previous else {
            guard code < clear else { throw GIFCheckError.malformed("first code \(code)") }
            frame.indices += table[code]
            previous = code
            continue
        }
        let entry: [UInt8]
        if code < table.count { entry = table[code] }
        else if code == table.count { entry = table[prev] + [table[prev][0]] }
        else { throw GIFCheckError.malformed("code \(code) beyond table \(table.count)") }
        frame.indices += entry
        if table.count < 4096 { table.append(table[prev] + [entry[0]]) }
        if table.count == 1 << codeSize && codeSize < 12 { codeSize += 1 }
        previous = code
    }
    // Only padding may follow the end code.
    guard (bitPosition + 7) / 8 == data.count else { throw GIFCheckError.malformed("trailing data") }
    return frame
}

private func agentFrames(size: Int, count: Int) -> [Canvas] {
    (0..<count).map { k in
        let t = Double(k) / Double(max(1, count - 1))
        let agent = Vec2.lerp(Vec2(350, 350), Vec2(260, 420), t)
        let scene = PushTPreview.scene(agent: agent, block: PushTPreview.pose(200, 300, 0.5 + 0.1 * t),
                                       action: agent + Vec2(-20, 15))
        return Canvas(width: size, height: size, rendering: scene)
    }
}

@Suite struct GIFAnimationTests {
    @Test func framesDecodeToTheQuantisedCanvases() throws {
        let canvases = agentFrames(size: 96, count: 4)
        var gif = GIFAnimation(width: 96, height: 96)
        for (k, c) in canvases.enumerated() { gif.append(c, delayCentiseconds: 5 + k) }
        let decoded = try decodeGIF(gif.encoded())
        #expect(decoded.width == 96 && decoded.height == 96)
        #expect(decoded.loopCount == 0)
        #expect(decoded.frames.count == 4)
        #expect(Array(decoded.palette.prefix(GIFPalette.standard.colors.count)) == GIFPalette.standard.colors)
        for (k, c) in canvases.enumerated() {
            let frame = decoded.frames[k]
            #expect(frame.delay == 5 + k)
            #expect(frame.indices == GIFPalette.standard.indices(for: c))
            #expect(decoded.pixels(of: frame) == GIFPalette.standard.quantized(c).pixels)
        }
        // Only the first frame is stored whole; later ones hold what changed.
        #expect(decoded.frames[0].rectangle == (0, 0, 96, 96))
        for frame in decoded.frames.dropFirst() { #expect(frame.rectangle.2 * frame.rectangle.3 < 96 * 96) }
    }

    @Test func unchangedFramesStoreOnePixel() throws {
        let canvas = agentFrames(size: 48, count: 1)[0]
        var gif = GIFAnimation(width: 48, height: 48)
        for _ in 0..<3 { gif.append(canvas, delayCentiseconds: 7) }
        var moved = canvas
        moved[47, 47] = .contact
        moved[3, 40] = .contact
        gif.append(moved, delayCentiseconds: 7)
        let decoded = try decodeGIF(gif.encoded())
        #expect(decoded.frames.count == 4)
        #expect(decoded.frames[1].rectangle == (0, 0, 1, 1) && decoded.frames[2].rectangle == (0, 0, 1, 1))
        #expect(decoded.frames[3].rectangle == (3, 40, 45, 8))
        #expect(decoded.frames[2].indices == GIFPalette.standard.indices(for: canvas))
        #expect(decoded.frames[3].indices == GIFPalette.standard.indices(for: moved))
        #expect(decoded.frames.allSatisfy { $0.delay == 7 })
    }

    @Test func noiseNeedsTableResetsAndStillRoundTrips() throws {
        var gif = GIFAnimation(width: 160, height: 120, loopCount: 3)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<(160 * 120)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        // Runs of noise then flat rows, so codes both grow and get reused.
        let mixed = (0..<(160 * 120)).map { i in (i / 160) % 7 == 0 ? UInt8(3) : noise[i] }
        gif.appendIndexed(noise, delayCentiseconds: 20)
        gif.appendIndexed(mixed, delayCentiseconds: 20)
        let decoded = try decodeGIF(gif.encoded())
        #expect(decoded.loopCount == 3)
        #expect(decoded.frames.map(\.indices) == [noise, mixed])
        // 19200 mostly incompressible symbols use far more than 4096 codes.
        #expect(decoded.frames[0].clearCodes >= 4)
        if let preview = PushTPreview.previewFolder { try gif.write(to: preview + "/noise.gif") }
    }

    @Test(arguments: [(1, 1), (1, 5000), (200, 150)])
    func singleColourFramesRoundTrip(width: Int, height: Int) throws {
        var gif = GIFAnimation(width: width, height: height)
        gif.append(Canvas(width: width, height: height, background: .goal))
        let decoded = try decodeGIF(gif.encoded())
        let index = GIFPalette.standard.index(of: .goal)
        #expect(decoded.frames[0].indices == [UInt8](repeating: index, count: width * height))
        #expect(decoded.palette[Int(index)] == .goal)
    }

    @Test func writesAFileAndRefusesAnEmptyAnimation() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("episode.gif").path
        var gif = GIFAnimation(width: 32, height: 32)
        #expect(throws: RenderingError.self) { try gif.write(to: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        for c in agentFrames(size: 32, count: 3) { gif.append(c) }
        try gif.write(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == gif.encoded())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["episode.gif"])

        if let preview = PushTPreview.previewFolder {
            var big = GIFAnimation(width: 256, height: 256)
            let frames = agentFrames(size: 256, count: 12)
            for c in frames { big.append(c, delayCentiseconds: 10) }
            try big.write(to: preview + "/pusht.gif")
            // What a viewer must show for the last frame, to compare with other decoders.
            try GIFPalette.standard.quantized(frames[11]).writePNG(to: preview + "/pusht-gif-last.png")
        }
    }
}

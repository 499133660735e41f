import Tasks
internal import CZlib

/// Encodes a canvas as a PNG file: 8-bit RGB, not interlaced, one IDAT chunk.
///
/// Each row gets the filter (None, Sub, Up, Average or Paeth) with the smallest sum of
/// absolute filtered bytes, the usual heuristic; zlib deflates the filtered rows and
/// computes the chunk CRCs.
enum PNGEncoder {
    /// The PNG file's bytes.
    static func encode(_ canvas: Canvas) -> [UInt8] {
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        appendBigEndian(UInt32(canvas.width), to: &header)
        appendBigEndian(UInt32(canvas.height), to: &header)
        // Bit depth 8, colour type 2 (RGB), deflate, adaptive filtering, no interlace.
        header += [8, 2, 0, 0, 0]
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", deflate(filteredRows(canvas)), to: &out)
        appendChunk("IEND", [], to: &out)
        return out
    }

    /// Rows prefixed by their filter type byte.
    static func filteredRows(_ canvas: Canvas) -> [UInt8] {
        let rowBytes = canvas.width * 3
        var out = [UInt8](repeating: 0, count: (rowBytes + 1) * canvas.height)
        let zeroRow = [UInt8](repeating: 0, count: rowBytes)
        canvas.pixels.withUnsafeBufferPointer { px in
            zeroRow.withUnsafeBufferPointer { zero in
                out.withUnsafeMutableBufferPointer { dst in
                    for y in 0..<canvas.height {
                        let row = UnsafeBufferPointer(rebasing: px[(y * rowBytes)..<((y + 1) * rowBytes)])
                        let above = y == 0 ? zero : UnsafeBufferPointer(rebasing: px[((y - 1) * rowBytes)..<(y * rowBytes)])
                        let start = y * (rowBytes + 1)
                        let target = UnsafeMutableBufferPointer(rebasing: dst[(start + 1)..<(start + 1 + rowBytes)])
                        var bestFilter: UInt8 = 0
                        var bestCost = Int.max
                        for filter in UInt8(0)...4 {
                            let cost = apply(filter, row: row, above: above, into: target)
                            if cost < bestCost { bestCost = cost; bestFilter = filter }
                        }
                        if bestFilter != 4 { _ = apply(bestFilter, row: row, above: above, into: target) }
                        dst[start] = bestFilter
                    }
                }
            }
        }
        return out
    }

    /// Writes `row` filtered by `filter` into `target`; returns the sum of the filtered
    /// bytes read as signed values (smaller usually compresses better).
    private static func apply(_ filter: UInt8, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                              into target: UnsafeMutableBufferPointer<UInt8>) -> Int {
        // One loop per filter, so the predictor is not chosen per byte.
        switch filter {
        case 0: return filtered(row, above, target) { _, _, _ in 0 }
        case 1: return filtered(row, above, target) { a, _, _ in a }
        case 2: return filtered(row, above, target) { _, b, _ in b }
        case 3: return filtered(row, above, target) { a, b, _ in (a + b) >> 1 }
        default: return filtered(row, above, target) { a, b, c in paeth(a, b, c) }
        }
    }

    /// `row` minus `predict(left, above, above-left)` per byte; "left" is the same channel
    /// of the previous pixel, 0 before the first pixel.
    @inline(__always)
    private static func filtered(_ row: UnsafeBufferPointer<UInt8>, _ above: UnsafeBufferPointer<UInt8>,
                                 _ target: UnsafeMutableBufferPointer<UInt8>,
                                 _ predict: (Int, Int, Int) -> Int) -> Int {
        var cost = 0
        for i in 0..<row.count {
            let a = i >= 3 ? Int(row[i - 3]) : 0
            let c = i >= 3 ? Int(above[i - 3]) : 0
            let v = UInt8(truncatingIfNeeded: Int(row[i]) - predict(a, Int(above[i]), c))
            target[i] = v
            cost += v < 128 ? Int(v) : 256 - Int(v)
        }
        return cost
    }

    /// The Paeth predictor of the PNG specification: the neighbour closest to a + b - c.
    @inline(__always) static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c
        let pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }

    /// A zlib stream (RFC 1950) of `data` at the default level.
    private static func deflate(_ data: [UInt8]) -> [UInt8] {
        var capacity = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                compress2(dst.baseAddress, &capacity, src.baseAddress, uLong(src.count), Z_DEFAULT_COMPRESSION)
            }
        }
        // compressBound guarantees room, and in-memory deflate has no other failure mode.
        precondition(status == Z_OK, "zlib compress2 failed with status \(status)")
        out.removeSubrange(Int(capacity)...)
        return out
    }

    /// Appends length, type, data and the CRC-32 of type + data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &out)
        let typeBytes = Array(type.utf8)
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        out += typeBytes
        out += data
        appendBigEndian(UInt32(truncatingIfNeeded: crc), to: &out)
    }

    private static func appendBigEndian(_ v: UInt32, to out: inout [UInt8]) {
        out += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}

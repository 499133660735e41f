import Tasks
/// The variable-code-size LZW compression of GIF image data (GIF89a, appendix F).
///
/// Codes start one bit wider than the minimum code size, grow by one bit each time the
/// table reaches the next power of two, and stop at 12 bits. When the table would reach
/// 4095 entries the encoder emits a clear code and starts over (as giflib does, so no
/// decoder ever sees a full 4096-entry table). Codes are packed least significant bit first.
struct LZWEncoder {
    /// Bits of the uncompressed symbols (8 for a 256-colour palette; at least 2).
    let minimumCodeSize: Int

    private static let maxCodeSize = 12
    /// The encoder resets before defining code 4095.
    private static let tableLimit = 4095
    /// Open-addressing hash of (prefix code, symbol) -> code; a power of two well above 4096.
    private static let hashSize = 8192

    init(minimumCodeSize: Int = 8) {
        precondition((2...8).contains(minimumCodeSize), "GIF minimum code size is 2...8")
        self.minimumCodeSize = minimumCodeSize
    }

    /// The compressed code stream of `symbols` (each below `1 << minimumCodeSize`), starting
    /// with a clear code and ending with the end-of-information code; not yet split into
    /// GIF sub-blocks.
    func encode(_ symbols: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let clearCode = 1 << minimumCodeSize
        let endCode = clearCode + 1
        let firstFree = clearCode + 2
        var out: [UInt8] = []
        out.reserveCapacity(symbols.count / 2 + 16)

        // Pending output bits, least significant first.
        var bitBuffer: UInt64 = 0
        var bitCount = 0
        var codeSize = minimumCodeSize + 1
        var nextCode = firstFree

        func emit(_ code: Int) {
            bitBuffer |= UInt64(code) << UInt64(bitCount)
            bitCount += codeSize
            while bitCount >= 8 {
                out.append(UInt8(truncatingIfNeeded: bitBuffer))
                bitBuffer >>= 8
                bitCount -= 8
            }
        }

        // Keys are (prefix << 8 | symbol) + 1 so that 0 marks an empty slot.
        var keys = [Int32](repeating: 0, count: Self.hashSize)
        var values = [UInt16](repeating: 0, count: Self.hashSize)
        let mask = Self.hashSize - 1

        keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values in
                emit(clearCode)
                guard let first = symbols.first else {
                    emit(endCode)
                    return
                }
                var prefix = Int(first)
                for s in symbols.dropFirst() {
                    let symbol = Int(s)
                    let key = Int32(prefix << 8 | symbol) + 1
                    var slot = (Int(key) &* 40503) & mask
                    var found = -1
                    while keys[slot] != 0 {
                        if keys[slot] == key { found = Int(values[slot]); break }
                        slot = (slot + 1) & mask
                    }
                    if found >= 0 {
                        prefix = found
                        continue
                    }
                    emit(prefix)
                    // The decoder defines its entries one code late, so it widens its codes
                    // when the count *before* this definition reaches the next power of two.
                    if nextCode >= (1 << codeSize) && codeSize < Self.maxCodeSize { codeSize += 1 }
                    if nextCode >= Self.tableLimit {
                        emit(clearCode)
                        codeSize = minimumCodeSize + 1
                        nextCode = firstFree
                        keys.update(repeating: 0)
                    } else {
                        keys[slot] = key
                        values[slot] = UInt16(nextCode)
                        nextCode += 1
                    }
                    prefix = symbol
                }
                emit(prefix)
                if nextCode >= (1 << codeSize) && codeSize < Self.maxCodeSize { codeSize += 1 }
                emit(endCode)
            }
        }
        if bitCount > 0 { out.append(UInt8(truncatingIfNeeded: bitBuffer)) }
        return out
    }
}

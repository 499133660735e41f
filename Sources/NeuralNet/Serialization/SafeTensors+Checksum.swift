import CZlib

extension SafeTensors {
    /// The checksum every safetensors file Pushforward writes carries in `__metadata__`:
    /// `"checksum": "crc32:1a2b3c4d"`, the CRC-32 (zlib's, as Python's `zlib.crc32`) of
    /// the data section, the bytes after the header. A file whose data no longer matches
    /// (a flipped bit, a bad disk block) is refused instead of loaded. Files without the
    /// key (written before it existed, or by other tools) load as before: the offsets
    /// and sizes are still checked, only silent damage inside the data goes unnoticed.
    enum Checksum {
        static let key = "checksum"

        /// `crc32:<8 lower-case hex digits>` of the concatenated byte arrays.
        static func crc32(_ parts: [[UInt8]]) -> String {
            var crc = CZlib.crc32(0, nil, 0)
            for part in parts where !part.isEmpty {
                crc = part.withUnsafeBufferPointer { CZlib.crc32(crc, $0.baseAddress, UInt32($0.count)) }
            }
            let hex = String(crc, radix: 16)
            return "crc32:" + String(repeating: "0", count: max(0, 8 - hex.count)) + hex
        }

        /// Checks the recorded checksum against the data section `bytes[range]`.
        static func verify(_ recorded: String, bytes: [UInt8], range: Range<Int>) -> String? {
            guard recorded.hasPrefix("crc32:"), recorded.count == 14 else {
                return "checksum '\(recorded)' in __metadata__ is not crc32:<8 hex digits>"
            }
            let computed = crc32([Array(bytes[range])])
            guard computed == recorded else {
                return "checksum mismatch: the data section has \(computed), the header records \(recorded); "
                    + "the file is damaged (truncated, overwritten or a flipped bit) and was not loaded"
            }
            return nil
        }
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of a sweep file's bytes (the manifest keeps it,
/// so a manifest planned from another file is recognised) and of over-long cell names.
/// Not cryptographic; it only has to tell edits apart.
enum SweepHash {
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

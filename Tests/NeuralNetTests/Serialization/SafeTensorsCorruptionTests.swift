import Testing
@testable import NeuralNet

/// Every way a file can be corrupt is rejected with one line naming the file and problem.
@Suite struct SafeTensorsCorruptionTests {
    /// A file with the given header text (not padded) and data section.
    private func file(_ header: String, data: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + Array(header.utf8) + data
    }

    private func expectRejected(_ bytes: [UInt8], _ problem: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try SafeTensors.decode(bytes, file: "bad.safetensors")
            Issue.record("accepted a corrupt file; expected: \(problem)", sourceLocation: sourceLocation)
        } catch let error as SafeTensorsError {
            #expect(error.description == "bad.safetensors: " + problem, sourceLocation: sourceLocation)
            #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    private let twelve = [UInt8](repeating: 1, count: 12)
    private func entry(_ name: String, _ begin: Int, _ end: Int) -> String { entry(name, "F32", "[2]", begin, end) }

    private func entry(_ name: String, _ dtype: String, _ shape: String, _ begin: Int, _ end: Int) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}"
    }

    @Test func validFileParses() throws {
        let bytes = file("{\(entry("a", 0, 8)),\(entry("b", "I32", "[1]", 8, 12))}  ", data: twelve)
        let decoded = try SafeTensors.decode(bytes, file: "ok")
        #expect(decoded.tensors.count == 2)
    }

    @Test func truncatedHeaderLength() {
        expectRejected([1, 0, 0], "truncated: 3 bytes, too short for the 8-byte header length")
    }

    @Test func truncatedHeader() {
        let bytes = Array(file("{\(entry("a", 0, 8))}", data: []).prefix(20))
        expectRejected(bytes, "truncated: header length 54 exceeds the 12 bytes after the length field")
    }

    @Test func headerLengthTooLarge() {
        var bytes = file("{}", data: [])
        bytes.replaceSubrange(0..<8, with: [0, 0, 0, 0, 1, 0, 0, 0])
        expectRejected(bytes, "not a safetensors file: header length 4294967296 exceeds the limit of 100000000 bytes")
    }

    @Test func badJSON() {
        expectRejected(file("{\"a\":{\"dtype\":\"F32\",}", data: []),
                       "header is not valid JSON: expected a string key at byte 20")
        expectRejected(file("[1]", data: []), "not a safetensors file: header does not start with '{'")
        expectRejected(file("{\"a\": 1} x", data: []), "header is not valid JSON: unexpected text after the JSON value at byte 9")
    }

    @Test func overlappingOffsets() {
        expectRejected(file("{\(entry("a", 0, 8)),\(entry("b", 4, 12))}", data: twelve),
                       "tensors 'a' and 'b' overlap (data_offsets [0, 8] and [4, 12])")
    }

    @Test func gapBetweenTensors() {
        expectRejected(file("{\(entry("a", 0, 8)),\(entry("b", "U8", "[2]", 10, 12))}", data: twelve),
                       "gap of 2 bytes before tensor 'b' (it starts at 10, the previous data ends at 8)")
        expectRejected(file("{\(entry("a", 4, 12))}", data: twelve),
                       "gap of 4 bytes before tensor 'a' (it starts at 4, the previous data ends at 0)")
    }

    @Test func offsetsBeyondTheEnd() {
        expectRejected(file("{\(entry("a", 0, 8)),\(entry("b", "F32", "[2]", 8, 16))}", data: twelve),
                       "tensor 'b' ends at byte 16, beyond the 12-byte data section")
    }

    @Test func shapeByteMismatch() {
        expectRejected(file("{\(entry("a", "F32", "[3]", 0, 8))}", data: [UInt8](repeating: 0, count: 8)),
                       "tensor 'a': shape [3] of F32 needs 12 bytes but data_offsets [0, 8] span 8")
        expectRejected(file("{\(entry("a", "F64", "[2]", 0, 12))}", data: twelve),
                       "tensor 'a': shape [2] of F64 needs 16 bytes but data_offsets [0, 12] span 12")
    }

    @Test func duplicateKeys() {
        expectRejected(file("{\(entry("a", 0, 8)),\(entry("a", 8, 16))}", data: twelve + twelve),
                       "duplicate key 'a' in header")
    }

    @Test func unknownDType() {
        expectRejected(file("{\(entry("a", "F17", "[2]", 0, 8))}", data: [UInt8](repeating: 0, count: 8)),
                       "tensor 'a': unknown dtype 'F17'")
    }

    @Test func trailingBytes() {
        expectRejected(file("{\(entry("a", 0, 8))}", data: twelve),
                       "4 trailing bytes after the last tensor (data section is 12 bytes)")
    }

    @Test func malformedEntries() {
        expectRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", data: []),
                       "tensor 'a': shape must be a list of non-negative integers")
        expectRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", data: []),
                       "tensor 'a': data_offsets must be two non-negative integers [begin, end] with begin <= end")
        expectRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", data: []), "tensor 'a': missing 'data_offsets'")
        expectRejected(file("{\"__metadata__\":{\"k\":1}}", data: []), "__metadata__ value of 'k' is not a string")
    }
}

import NeuralNet

/// RTI's warm start: the previous chunk shifted by the executed steps.
extension ChunkController {
    /// `chunk` (`rows x dimension`, row-major) advanced by `shift` rows: row `j` becomes
    /// row `j + shift`, and the last row repeats where the chunk runs out
    /// (`concat(G[m:], G[-1] x m)` of `specs/algorithms.md` section 3).
    public static func shifted(_ chunk: [Float], rows: Int, dimension: Int, by shift: Int) -> [Float] {
        precondition(chunk.count == rows * dimension && shift >= 0, "a chunk of \(rows) x \(dimension), a shift of 0 or more")
        var result = [Float](repeating: 0, count: chunk.count)
        for j in 0..<rows {
            let source = min(j + shift, rows - 1) * dimension
            for k in 0..<dimension { result[j * dimension + k] = chunk[source + k] }
        }
        return result
    }

    /// The warm start of `slot` in normalised space (`H * D` values): its previous chunk
    /// (task units, absolute) shifted by `executionHorizon`, made relative to the newest
    /// observation again when the policy predicts offsets, then normalised. The shift is
    /// done on absolute actions so that relative actions and per-step normalisation,
    /// whose references move with the chunk, stay right.
    public func warmStartChunk(slot: Int) -> [Float] {
        let c = policy.configuration, n = policy.chunkSize, d = policy.actionSize
        let previous = Array(lastChunks[(slot * n)..<((slot + 1) * n)])
        var chunk = Self.shifted(previous, rows: c.predictionHorizon, dimension: d, by: executionHorizon)
        let relative = c.actionsRelativeTo
        if !relative.isEmpty {
            let newest = (c.observationHorizon - 1) * policy.observationSize
            let history = history(slot: slot)
            for j in 0..<c.predictionHorizon {
                for k in 0..<d { chunk[j * d + k] -= history[newest + relative[k]] }
            }
        }
        chunk.withUnsafeMutableBufferPointer { policy.actionNormalizer.normalize($0.baseAddress!, count: n) }
        return chunk
    }

    /// Writes `slot`'s warm start into the sampler input, re-noised to the first warm
    /// step with the episode's own noise when the sampler asks for it.
    func loadWarmStart(slot: Int, start: Int) {
        let chunk = warmStartChunk(slot: slot)
        let row = x.row(slot)
        guard sampler.sampler.renoise == true else {
            chunk.withUnsafeBufferPointer { row.update(from: $0.baseAddress!, count: chunk.count) }
            return
        }
        let level = sampler.warmStartLevel(start: start)
        for i in 0..<chunk.count { row[i] = level.a * chunk[i] + level.s * Float(warmStartNoise[slot].gaussian()) }
    }
}

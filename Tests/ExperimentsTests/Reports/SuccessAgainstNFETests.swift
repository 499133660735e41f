import Foundation
@testable import Media
import Runs
import Testing
@testable import Experiments

@Suite struct SuccessAgainstNFETests {
    @Test("pushforward eval rows become one point per sampler, the latest; RTI is its own series")
    func pointsPerSampler() throws {
        let rows: [MetricsRow] = [
            ["step": 100, "phase": "final", "success_rate": 0.5, "nfe_per_control_step": 1.25, "sampler": "ddim10"],
            ["step": 100, "phase": "eval:ddim10-200ep", "success_rate": 0.6, "nfe_per_control_step": 1.25,
             "sampler": "ddim10", "wilson_low": 0.5, "wilson_high": 0.7],
            ["step": 100, "phase": "eval:ddpm-200ep", "success_rate": 0.8, "nfe_per_control_step": 12.5, "sampler": "ddpm"],
            ["step": 100, "phase": "eval:ddim10-100ep", "success_rate": 0.65, "nfe_per_control_step": 1.25, "sampler": "ddim10"],
            ["step": 100, "phase": "eval:rti-ddpm-k3-every1-200ep", "success_rate": 0.78, "nfe_per_control_step": 3.3,
             "sampler": "rti-ddpm-k3-every1"],
            ["step": 100, "phase": "eval:old", "success_rate": 0.3, "sampler": "ddim2"],   // no NFE logged: left out
        ]
        let plot = try #require(RunPlots.successAgainstEvaluations(rows: rows))
        #expect(plot.series.count == 2)
        #expect(plot.series[0].points.map(\.label) == ["ddim10", "ddpm"])
        #expect(plot.series[0].points.map(\.y) == [0.65, 0.8])   // the later ddim10 evaluation
        #expect(plot.series[1].points.map(\.x) == [3.3] && plot.series[1].points.map(\.label) == ["rti-ddpm-k3-every1"])
        #expect(plot.yRange == 0...1 && plot.xRange?.lowerBound == 0 && (plot.xRange?.upperBound ?? 0) >= 12.5)
        #expect(RunPlots.successAgainstEvaluations(rows: Array(rows.prefix(2))) == nil)
        #expect(plot.svg().contains("rti-ddpm-k3-every1"))

        // Anchored sampling is a third series.
        let anchored = rows + [["step": 100, "phase": "eval:anchored2-k10-200ep", "success_rate": 0.7,
                                "nfe_per_control_step": 0.25, "sampler": "anchored2-k10"]]
        let withAnchored = try #require(RunPlots.successAgainstEvaluations(rows: anchored))
        #expect(withAnchored.series.map(\.name) == ["from noise every chunk, 95% Wilson interval",
                                                    "RTI warm starts, 95% Wilson interval",
                                                    "truncated anchored, 95% Wilson interval"])
        #expect(withAnchored.series[2].points.map(\.label) == ["anchored2-k10"])
        #expect(withAnchored.series[0].points.map(\.label) == ["ddim10", "ddpm"])
    }
}

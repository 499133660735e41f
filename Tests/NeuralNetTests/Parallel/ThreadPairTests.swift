import Foundation
import Testing
@testable import NeuralNet

@Suite struct ThreadPairTests {
    /// Each run calls both halves once, on two threads, and returns after both; half 1 may
    /// wait for half 0.
    @Test func runsBothHalvesOnTwoThreadsAndWaitsForThem() {
        let pair = ThreadPair()
        let ready = DispatchSemaphore(value: 0)
        let slots = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { slots.deallocate() }
        var onOtherThread = 0
        for round in 0..<20 {
            slots.initialize(repeating: -1, count: 2)
            let caller = Thread.current
            var halfOneThread: Thread?
            pair.run { k in
                if k == 0 {
                    slots[0] = round
                    ready.signal()
                } else {
                    ready.wait()
                    slots[1] = slots[0] + 1
                    halfOneThread = Thread.current
                }
            }
            #expect(slots[0] == round && slots[1] == round + 1)
            if halfOneThread != caller { onOtherThread += 1 }
        }
        #expect(onOtherThread == 20)
    }
}

@Suite struct BalancedSharesTests {
    @Test func sharesCoverEveryJobOnceAndBalanceTheLoad() {
        let sizes = [65536, 512, 512, 131072, 32, 32, 65536, 1024, 7]
        let shares = ThreadPair.balancedShares(sizes)
        #expect(shares.flatMap { $0 }.sorted() == Array(sizes.indices))
        let loads = shares.map { $0.reduce(0) { $0 + sizes[$1] } }
        #expect(abs(loads[0] - loads[1]) <= sizes.max()!, "loads \(loads)")
        #expect(shares.allSatisfy { $0 == $0.sorted() })
        #expect(ThreadPair.balancedShares([]) == [[], []])
    }
}

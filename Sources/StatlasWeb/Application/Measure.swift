import Foundation
import Metrics

/// Timings recorded with swift-metrics (exported by swift-prometheus at `/metrics` when `statlas serve` runs):
/// nothing is recorded, at no cost, when no metrics backend is bootstrapped (the tests).
enum Measure {
    /// Runs `body`, recording how long it took in the timer `label` with these dimensions.
    static func time<T: Sendable>(
        _ label: String, _ dimensions: [(String, String)] = [], _ body: () async throws -> T
    ) async rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            Timer(label: label, dimensions: dimensions)
                .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds &- start))
        }
        return try await body()
    }
}

import Logging
import ServiceLifecycle
import StatlasCore

/// Recomputes, in the background, the whole-register analytics that pages have asked for once the register
/// changes (a service of the application): after a write the next visitor finds fresh figures, or is told the
/// figures are being recomputed — never kept waiting.
struct AnalyticsRefresher: Service {
    let analytics: AnalyticsCache
    let logger: Logger
    /// How often the register's version is checked.
    var interval: Duration = .seconds(3)

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let started = try await analytics.refreshStale()
                if !started.isEmpty { logger.info("Recomputing \(started.count) analyses after a change") }
            } catch {
                logger.warning("Could not check the analytics: \(LogSafe.describe(error))")
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}

import Foundation
import Logging
import ServiceLifecycle
import StatlasCore

/// Records uses of API tokens (STANDARDS.md S11) off the request's path: a request with a token never waits
/// for a write, so reads answer even while another process (a `statlas import` of thousands of rows) holds
/// SQLite's write lock. Uses queue here and are written in batches, retried until the database takes them,
/// and flushed when the server shuts down gracefully (as a service of the application).
actor TokenUseRecorder: Service {
    let accounts: any AccountRepository
    let logger: Logger
    /// At most this many uses wait; beyond it the oldest are dropped, with a warning in the log.
    static let capacity = 100_000

    private var pending: [TokenUse] = []
    private var draining: Task<Void, Never>?
    private var dropped = 0

    init(accounts: any AccountRepository, logger: Logger) {
        self.accounts = accounts
        self.logger = logger
    }

    /// Queues a use and returns at once.
    func record(_ use: TokenUse) {
        pending.append(use)
        if pending.count > Self.capacity {
            pending.removeFirst(pending.count - Self.capacity)
            dropped += 1
        }
        if draining == nil { draining = Task { await drain() } }
    }

    /// Waits until every queued use is written.
    func flush() async {
        while let task = draining { await task.value }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = pending
            pending = []
            do {
                try await accounts.recordTokenUse(batch)
            } catch {
                logger.warning(
                    "Could not record \(batch.count) API token uses yet; retrying: \(LogSafe.describe(error))")
                pending = batch + pending
                try? await Task.sleep(for: .milliseconds(500))
            }
            if dropped > 0 {
                logger.error(
                    "Dropped \(dropped) API token uses from the audit queue: the database has not taken writes for a long time"
                )
                dropped = 0
            }
        }
        draining = nil
    }

    /// Runs with the server; on graceful shutdown, writes what is still queued.
    nonisolated func run() async throws {
        try? await gracefulShutdown()
        await flush()
    }
}

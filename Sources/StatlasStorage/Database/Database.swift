@preconcurrency import AsyncKit
import Foundation
import Logging
import Metrics
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import StatlasCore

/// The database engine in use; dialect differences are switched on this in a few small places.
public enum Engine: String, Sendable {
    case sqlite, postgres
}

/// A pool of connections to SQLite or PostgreSQL with one way to read and one way to write in a transaction.
public final class Database: Sendable, HealthProbe {
    public let engine: Engine
    public let configuration: DatabaseConfiguration
    let logger: Logger
    private let pool: Pool
    /// The threads SQLite statements run on: this database's own, one per connection the pool may open, so that
    /// a statement waiting for another writer's lock (in SQLite's busy handler, blocking its thread) never keeps
    /// the writer that holds the lock from a thread — as it could when every database in the process shared
    /// NIO's few singleton threads (two instances on one file in one process then stalled until the busy timeout).
    private let threads: NIOThreadPool?
    /// Queues SQLite write transactions (see `WriteGate`).
    private let writeGate = WriteGate()

    /// The pools guard their state with a lock (AsyncKit), so sharing them across tasks is safe.
    private enum Pool: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteDurableSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    /// Opens a pool. SQLite files and their directory are created as needed.
    public init(_ configuration: DatabaseConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        switch configuration {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            engine = .sqlite
            let threads = NIOThreadPool(numberOfThreads: 4 * System.coreCount)
            threads.start()
            self.threads = threads
            pool = .sqlite(
                EventLoopGroupConnectionPool(
                    source: SQLiteDurableSource(path: path, threads: threads), maxConnectionsPerEventLoop: 4,
                    requestTimeout: .seconds(30), logger: logger, on: MultiThreadedEventLoopGroup.singleton))
        case .postgres(let url, let schema):
            var sqlConfiguration = try SQLPostgresConfiguration(url: url)
            if let schema { sqlConfiguration.searchPath = [schema] }
            engine = .postgres
            threads = nil
            pool = .postgres(
                EventLoopGroupConnectionPool(
                    source: PostgresConnectionSource(sqlConfiguration: sqlConfiguration), maxConnectionsPerEventLoop: 4,
                    requestTimeout: .seconds(30), logger: logger, on: MultiThreadedEventLoopGroup.singleton))
        }
    }

    /// Runs `body` on one connection (reads, or statements that need no transaction).
    public func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // The pool's use, for operators (`/metrics`): connections in use now, and how long each use lasted
        // (waiting for a connection included).
        let inUse = Meter(label: "statlas_db_connections_in_use", dimensions: [("engine", engine.rawValue)])
        let started = DispatchTime.now().uptimeNanoseconds
        inUse.increment()
        defer {
            inUse.decrement()
            Timer(label: "statlas_db_use_seconds", dimensions: [("engine", engine.rawValue)])
                .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds &- started))
        }
        do {
            switch pool {
            case .sqlite(let pool):
                let connection = try await pool.requestConnection(logger: logger).get()
                defer { pool.releaseConnection(connection, logger: logger) }
                return try await Self.$sqliteConnection.withValue(connection) { try await body(connection.sql()) }
            case .postgres(let pool):
                let connection = try await pool.requestConnection(logger: logger).get()
                defer { pool.releaseConnection(connection, logger: logger) }
                return try await body(connection.sql())
            }
        } catch {
            throw DatabaseErrors.map(error, logger: logger)
        }
    }

    /// The SQLite connection the current `withConnection` (or transaction) body runs on, for statements that bind
    /// SQLite's values directly (`BulkRows`); nil on PostgreSQL and outside a body.
    @TaskLocal static var sqliteConnection: SQLiteConnection?

    /// A connection taken out of the pool until `release` (for session locks held for a server's lifetime).
    struct HeldConnection: Sendable {
        let sql: any SQLDatabase
        let release: @Sendable () -> Void
    }

    func holdConnection() async throws -> HeldConnection {
        let logger = logger
        do {
            switch pool {
            case .sqlite(let pool):
                let connection = try await pool.requestConnection(logger: logger).get()
                nonisolated(unsafe) let held = connection
                return HeldConnection(sql: connection.sql()) { pool.releaseConnection(held, logger: logger) }
            case .postgres(let pool):
                let connection = try await pool.requestConnection(logger: logger).get()
                nonisolated(unsafe) let held = connection
                return HeldConnection(sql: connection.sql()) { pool.releaseConnection(held, logger: logger) }
            }
        } catch {
            throw DatabaseErrors.map(error, logger: logger)
        }
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    /// SQLite takes the write lock at the start (`BEGIN IMMEDIATE`) so writers queue instead of failing.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard engine == .sqlite else { return try await run(body, begin: "BEGIN") }
        return try await writeGate.run { try await self.run(body, begin: "BEGIN IMMEDIATE") }
    }

    private func run<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T, begin: String) async throws
        -> T
    {
        try await withConnection { db in
            try await db.raw("\(unsafeRaw: begin)").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Checks the durability settings that STANDARDS.md R2 requires, on a live connection.
    public func assertDurability() async throws {
        try await withConnection { db in
            switch self.engine {
            case .sqlite:
                let mode = try await db.raw("PRAGMA journal_mode").first()?.decode(
                    column: "journal_mode", as: String.self)
                let sync = try await db.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                let keys = try await db.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
                let busy = try await db.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
                guard mode?.lowercased() == "wal", sync == 2, keys == 1, (busy ?? 0) >= 5000 else {
                    throw StatlasStorageError.durability(
                        "SQLite is not durable: journal_mode=\(mode ?? "?"), synchronous=\(sync ?? -1), foreign_keys=\(keys ?? -1), busy_timeout=\(busy ?? -1)"
                    )
                }
            case .postgres:
                for setting in ["fsync", "synchronous_commit", "full_page_writes"] {
                    let value = try await db.raw("SELECT current_setting(\(bind: setting)) AS value").first()?
                        .decode(column: "value", as: String.self)
                    guard value == "on" else {
                        throw StatlasStorageError.durability(
                            "PostgreSQL setting \(setting) is \(value ?? "unknown"); it must be on")
                    }
                }
            }
        }
    }

    /// Moves SQLite's write-ahead log into the database file and empties it, so that erased content does
    /// not linger in the log (with `secure_delete`, freed pages are zeroed). Nothing to do for PostgreSQL.
    public func checkpoint() async throws {
        guard engine == .sqlite else { return }
        try await withConnection { db in try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
    }

    /// True when a trivial query succeeds.
    public var engineName: String { engine.rawValue }

    public func isReachable() async -> Bool {
        (try? await withConnection { db in try await db.raw("SELECT 1 AS one").first() != nil }) ?? false
    }

    /// Closes every connection.
    public func shutdown() async {
        switch pool {
        case .sqlite(let pool): try? await pool.shutdownAsync()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
        try? await threads?.shutdownGracefully()
    }
}

/// Opens SQLite connections with the durability settings of STANDARDS.md R2 applied to each.
struct SQLiteDurableSource: ConnectionPoolSource {
    let path: String
    let threads: NIOThreadPool

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: eventLoop)
            .flatMap { connection in
                let pragmas = [
                    "PRAGMA busy_timeout = 10000", "PRAGMA page_size = 8192", "PRAGMA journal_mode = WAL",
                    "PRAGMA synchronous = FULL",
                    "PRAGMA foreign_keys = ON", "PRAGMA secure_delete = ON",
                ]
                return pragmas.reduce(eventLoop.makeSucceededFuture(())) { future, pragma in
                    future.flatMap { connection.query(pragma).map { _ in } }
                }
                .map { connection }
                .flatMapError { error in connection.close().flatMapThrowing { throw error } }
            }
    }
}

import Foundation
import SQLKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Locks that keep maintenance from losing data (STANDARDS.md R1): a running server holds its database
/// shared, `restore` and `migrate` need it exclusively and refuse while a server holds it, and start-up work
/// that must happen once (migrations, loading the demo) is serialised so that two servers starting at once
/// on an empty database take turns. SQLite uses `flock` on files beside the database; PostgreSQL uses
/// session advisory locks, per schema, on a connection held for as long as the lock.
public final class MaintenanceLock: Sendable {
    private let releaseBody: @Sendable () async -> Void

    init(release: @escaping @Sendable () async -> Void) { self.releaseBody = release }

    /// Lets go of the lock.
    public func release() async { await releaseBody() }

    /// Runs `body`, then lets go of the lock whether or not `body` throws.
    public func whileHeld<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    /// The two locks: held by servers (shared) and refused to maintenance (exclusive); and the one that
    /// start-up work takes in turn.
    enum Name: Int {
        case database = 7_512_002
        case startUp = 7_512_003

        var fileSuffix: String { self == .database ? ".lock" : ".start.lock" }
    }
}

extension Database {
    /// Holds the database for a running server; nil when a maintenance command has it exclusively.
    public func holdForServer() async throws -> MaintenanceLock? {
        try await lock(.database, exclusive: false, wait: false)
    }

    /// Holds the database exclusively for a maintenance command; nil when a server (or another maintenance
    /// command) holds it.
    public func holdForMaintenance() async throws -> MaintenanceLock? {
        try await lock(.database, exclusive: true, wait: false)
    }

    /// Runs `body` once any other process's start-up work on this database has finished.
    public func serialisingStartUp<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        guard let lock = try await lock(.startUp, exclusive: true, wait: true) else { return try await body() }
        return try await lock.whileHeld(body)
    }

    func lock(_ name: MaintenanceLock.Name, exclusive: Bool, wait: Bool) async throws -> MaintenanceLock? {
        switch configuration {
        case .sqlite(let path):
            // Waiting polls rather than blocks, so that no thread of the shared pool sits in `flock`.
            while true {
                if let lock = try Self.fileLock(path + name.fileSuffix, exclusive: exclusive, wait: false) {
                    return lock
                }
                guard wait else { return nil }
                try await Task.sleep(for: .milliseconds(50))
            }
        case .postgres: return try await advisoryLock(name, exclusive: exclusive, wait: wait)
        }
    }

    /// `flock` on a file beside the database; the lock goes when the file is closed (or the process ends).
    static func fileLock(_ path: String, exclusive: Bool, wait: Bool) throws -> MaintenanceLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StatlasStorageError.configuration("Could not open the lock file \(path) (error \(errno))")
        }
        var operation = exclusive ? LOCK_EX : LOCK_SH
        if !wait { operation |= LOCK_NB }
        while flock(fd, operation) != 0 {
            if errno == EINTR { continue }
            close(fd)
            if errno == EWOULDBLOCK { return nil }
            throw StatlasStorageError.configuration("Could not lock \(path) (error \(errno))")
        }
        return MaintenanceLock { close(fd) }
    }

    /// A session advisory lock keyed by the lock's name and the current schema, held on its own connection.
    func advisoryLock(_ name: MaintenanceLock.Name, exclusive: Bool, wait: Bool) async throws -> MaintenanceLock? {
        let held = try await holdConnection()
        let function = (wait ? "pg_advisory_lock" : "pg_try_advisory_lock") + (exclusive ? "" : "_shared")
        do {
            // The schema's key is fixed now: a restore drops and recreates the schema while holding the lock.
            let schema =
                try await held.sql.raw("SELECT hashtext(COALESCE(current_schema(), 'public')) AS k").first()?
                .decode(column: "k", as: Int.self) ?? 0
            let row = try await held.sql.raw(
                "SELECT \(unsafeRaw: function)(\(literal: name.rawValue), \(literal: schema))::text AS ok"
            ).first()
            let ok = try row?.decode(column: "ok", as: String.self)
            if wait || ok == "true" {
                return MaintenanceLock {
                    let unlock = "pg_advisory_unlock" + (exclusive ? "" : "_shared")
                    _ = try? await held.sql.raw(
                        "SELECT \(unsafeRaw: unlock)(\(literal: name.rawValue), \(literal: schema))"
                    ).run()
                    held.release()
                }
            }
            held.release()
            return nil
        } catch {
            held.release()
            throw error
        }
    }
}

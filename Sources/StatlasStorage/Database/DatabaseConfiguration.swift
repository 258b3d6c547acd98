import Foundation
import StatlasCore

/// Where the register's data lives: an embedded SQLite file (the default) or a PostgreSQL server.
public enum DatabaseConfiguration: Sendable, Equatable {
    /// SQLite at this file path.
    case sqlite(path: String)
    /// PostgreSQL at this `postgres://` URL, optionally inside one schema (used to isolate tests).
    case postgres(url: String, schema: String? = nil)

    /// SQLite in `dataDirectory/statlas.sqlite` unless a PostgreSQL URL is given.
    public static func resolve(dataDirectory: String, databaseURL: String?) throws(StatlasStorageError)
        -> DatabaseConfiguration
    {
        guard let url = databaseURL, !url.isEmpty else {
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("statlas.sqlite").path)
        }
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw .configuration("--database-url must start with postgres:// (for SQLite, use --data-dir instead)")
        }
        return .postgres(url: url, schema: nil)
    }

    /// A description safe to print: no password.
    public var redacted: String {
        switch self {
        case .sqlite(let path): return "SQLite at \(path)"
        case .postgres(let url, _):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            if components.password != nil { components.password = "***" }
            return "PostgreSQL at \(components.string ?? "PostgreSQL")"
        }
    }
}

/// Storage failures that are not the caller's fault in the domain sense.
public enum StatlasStorageError: Error, Sendable, CustomStringConvertible {
    case configuration(String)
    case durability(String)
    case migration(String)
    /// A record linked to a kind that none of its kind's reference fields declares (a programming error).
    case undeclaredReference(source: EntityKind, target: EntityKind)

    public var description: String {
        switch self {
        case .configuration(let m), .durability(let m), .migration(let m): m
        case .undeclaredReference(let source, let target):
            "A \(source.noun) links to a \(target.noun), but no field of \(source.collection) declares a reference to \(target.collection)"
        }
    }
}

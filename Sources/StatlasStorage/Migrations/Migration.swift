import Foundation
import Logging
import SQLKit
import StatlasCore

/// One numbered schema change. Migrations run in order, each in its own transaction, and are never edited
/// once released: a later change is a new migration.
struct Migration: Sendable {
    let number: Int
    let name: String
    let statements: @Sendable (Engine) -> [String]
    /// Work that SQL alone cannot do, run after the statements in the same transaction.
    var code: (@Sendable (any SQLDatabase, Engine, AuditSeal) async throws -> Void)? = nil
}

/// Applies pending migrations and reports the schema version.
public enum Migrator {
    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(number: 1, name: "register", statements: InitialSchema.statements),
        Migration(number: 2, name: "sessions", statements: SessionsSchema.statements),
        Migration(number: 3, name: "trust", statements: TrustSchema.statements),
        Migration(number: 4, name: "two-factor", statements: TwoFactorSchema.statements),
        Migration(number: 5, name: "keyed-audit", statements: KeyedAuditSchema.statements, code: KeyedAuditSchema.seal),
        Migration(number: 6, name: "analytics", statements: AnalyticsSchema.statements),
        Migration(number: 7, name: "compact", statements: { _ in [] }, code: CompactSchema.rebuild),
        Migration(number: 8, name: "analytics-rows", statements: AnalyticsRowsSchema.statements),
        Migration(number: 9, name: "analytics-claims", statements: AnalyticsClaimsSchema.statements),
    ]

    /// The first schema version whose audit trail is sealed with a key.
    static let keyedAuditVersion = 5

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.last?.number ?? 0 }

    /// Applies every migration not yet applied (up to `through`, for tests of older schemas); returns the numbers applied.
    @discardableResult
    public static func migrate(_ database: Database, seal: AuditSeal, through last: Int = .max) async throws -> [Int] {
        try await database.withConnection { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        var applied: [Int] = []
        for migration in all where migration.number <= last {
            let done = try await database.transaction { db in
                let existing = try await db.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.number)"
                ).first()
                if existing != nil { return false }
                for statement in migration.statements(database.engine) {
                    try await db.raw("\(unsafeRaw: statement)").run()
                }
                try await migration.code?(db, database.engine, seal)
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: Timestamp.now()))"
                ).run()
                return true
            }
            if done {
                applied.append(migration.number)
                database.logger.info("Applied migration \(migration.number): \(migration.name)")
            }
        }
        return applied
    }

    /// The highest applied migration number (0 for an empty database).
    public static func currentVersion(_ database: Database) async throws -> Int {
        try await database.withConnection { db in
            let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
            return (try? row?.decodeNil(column: "v") == false ? row?.decode(column: "v", as: Int.self) : nil) ?? 0
        }
    }
}

/// Timestamps stored as sortable ISO 8601 text in UTC, to the second ("2026-12-02T04:35:45Z").
///
/// Written and read by hand (with the C library's calendar arithmetic): a formatter made per call cost an
/// import an eighth of its time.
enum Timestamp {
    static func now() -> String { string(Date()) }

    static func date(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count == 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 90 else {
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime]
            return f.date(from: text)
        }
        func number(_ range: Range<Int>) -> Int32? {
            var n: Int32 = 0
            for i in range {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                n = n * 10 + Int32(u[i] - 48)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = Int(parts.tm_year) + 1900
        let y = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return
            "\(y)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

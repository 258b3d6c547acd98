import Crypto
import Foundation
import StatlasCore

/// Where the audit trail's key lives: outside the database, so that someone who can change the database
/// alone cannot recompute the chain (STANDARDS.md S11).
public enum AuditKeySource: Sendable, Equatable {
    /// A file holding the key in hex, created with mode 0600 when there is none yet.
    case file(String)
    /// The key itself (from `STATLAS_AUDIT_KEY`).
    case secret(String)

    /// The variable that holds the key for deployments without a data directory of their own (PostgreSQL).
    public static let environmentVariable = "STATLAS_AUDIT_KEY"

    /// `STATLAS_AUDIT_KEY` when set, otherwise the file `audit.key` in `directory`.
    public static func standard(directory: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> AuditKeySource
    {
        if let secret = environment[environmentVariable], !secret.isEmpty { return .secret(secret) }
        return .file(URL(fileURLWithPath: directory).appendingPathComponent("audit.key").path)
    }

    /// The standard source for a database: for SQLite, beside the database file; for PostgreSQL,
    /// `STATLAS_AUDIT_KEY`, which must then be set.
    public static func standard(for configuration: DatabaseConfiguration) throws -> AuditKeySource {
        switch configuration {
        case .sqlite(let path): return standard(directory: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        case .postgres:
            guard let secret = ProcessInfo.processInfo.environment[environmentVariable], !secret.isEmpty else {
                throw StatlasStorageError.configuration(
                    "Set \(environmentVariable) (at least 32 characters, the same on every server) to keep the audit trail's key outside PostgreSQL"
                )
            }
            return .secret(secret)
        }
    }

    /// True when the key is there already (a file that exists, or a secret).
    var exists: Bool {
        switch self {
        case .file(let path): FileManager.default.fileExists(atPath: path)
        case .secret: true
        }
    }

    var description: String {
        switch self {
        case .file(let path): "the audit key file \(path)"
        case .secret: Self.environmentVariable
        }
    }

    /// Reads the key, creating a new random one in the file when `create` is true and there is none.
    func load(create: Bool) throws -> AuditSeal {
        switch self {
        case .secret(let text):
            guard text.utf8.count >= 32 else {
                throw StatlasStorageError.configuration(
                    "\(Self.environmentVariable) must be at least 32 characters long")
            }
            return AuditSeal(key: SymmetricKey(data: Data(text.utf8)))
        case .file(let path):
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                guard let bytes = Self.hexBytes(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count >= 32
                else {
                    throw StatlasStorageError.configuration(
                        "\(path) does not hold an audit key (64 or more hex digits)")
                }
                return AuditSeal(key: SymmetricKey(data: bytes))
            }
            guard create else {
                throw StatlasStorageError.configuration(
                    "The audit key file \(path) is missing, but this database's audit trail was sealed with it. Put the file back from where you keep a copy of it (or set \(Self.environmentVariable)); without it the trail cannot be verified."
                )
            }
            let key = SymmetricKey(size: .bits256)
            let hex = Hex.string(key.withUnsafeBytes { Data($0) })
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((hex + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw StatlasStorageError.configuration("Could not create the audit key file \(path)")
            }
            return AuditSeal(key: key)
        }
    }

    static func hexBytes(_ text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes = Data()
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[i..<i + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}

/// The keyed hashes of the audit trail: HMAC-SHA-256 over each event's content and over its place in the chain.
public struct AuditSeal: Sendable {
    let key: SymmetricKey

    /// The keyed hash of an event's before and after content.
    func contentHash(before: String?, after: String?) -> String {
        mac(Data(((before ?? "") + "\u{1E}" + (after ?? "")).utf8))
    }

    /// The keyed hash sealing one event: its predecessor's hash and every column it was stored with.
    func chainHash(previous: String, sequence: Int, at: String, action: String, entry: AuditEntry, contentHash: String)
        -> String
    {
        let fields = [
            previous, String(sequence), at, action, entry.actorId ?? "", entry.entity?.rawValue ?? "",
            entry.recordId ?? "", entry.detail ?? "", contentHash, "redacted=0",
        ]
        return mac(Data(fields.joined(separator: "\u{1F}").utf8))
    }

    func mac(_ data: Data) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: data, using: key))
    }
}

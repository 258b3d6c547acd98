import Foundation

/// What an audit event records (STANDARDS.md S11).
public enum AuditAction: String, Codable, Sendable, CaseIterable {
    case create, update, delete
    case signIn = "sign-in"
    case signInFailed = "sign-in-failed"
    case signOut = "sign-out"
    case denied
    case export
    case tokenUse = "token-use"
    case tokenCreate = "token-create"
    case tokenRevoke = "token-revoke"
    case account
    case erase
    case restore
    /// The audit trail was sealed with a key (once, when a database from before keyed sealing is migrated).
    case seal
    /// A study was started or its team changed.
    case study
    /// Confidential study content was read (STANDARDS.md S11).
    case studyRead = "study-read"

    /// A past-tense description for history tables.
    public var label: String {
        switch self {
        case .create: "Created"
        case .update: "Changed"
        case .delete: "Deleted"
        case .signIn: "Signed in"
        case .signInFailed: "Sign-in refused"
        case .signOut: "Signed out"
        case .denied: "Refused"
        case .export: "Exported"
        case .tokenUse: "Used an API token"
        case .tokenCreate: "Created an API token"
        case .tokenRevoke: "Revoked an API token"
        case .account: "Changed an account"
        case .erase: "Erased personal data"
        case .restore: "Restored a backup"
        case .seal: "Sealed the audit trail with a key"
        case .study: "Changed a study"
        case .studyRead: "Read a study's content"
        }
    }
}

/// One entry to append to the audit trail. Details never hold passwords, tokens or email addresses.
public struct AuditEntry: Sendable, Equatable {
    public var action: AuditAction
    /// The user responsible; nil for the command line or an unknown account.
    public var actorId: String?
    public var entity: EntityKind?
    public var recordId: String?
    /// The record before and after the change, as JSON (nil where not applicable).
    public var before: String?
    public var after: String?
    /// A short description: the route refused, the token id, the export's collection.
    public var detail: String?

    public init(
        _ action: AuditAction, actorId: String?, entity: EntityKind? = nil, recordId: String? = nil,
        before: String? = nil, after: String? = nil, detail: String? = nil
    ) {
        self.action = action
        self.actorId = actorId
        self.entity = entity
        self.recordId = recordId
        self.before = before
        self.after = after
        self.detail = detail
    }
}

/// An audit event as stored: the entry plus its place in the hash chain.
public struct AuditEvent: Sendable, Equatable {
    public var sequence: Int
    public var at: Date
    public var entry: AuditEntry
    /// The name of the user responsible, when known.
    public var actorName: String?
    /// True when the before/after content was removed by an erasure (the chain still verifies).
    public var redacted: Bool

    public init(sequence: Int, at: Date, entry: AuditEntry, actorName: String?, redacted: Bool) {
        self.sequence = sequence
        self.at = at
        self.entry = entry
        self.actorName = actorName
        self.redacted = redacted
    }

    /// The top-level fields that differ between before and after (for history tables).
    public var changedFields: [String] {
        guard let before = entry.before.flatMap(Self.object), let after = entry.after.flatMap(Self.object) else {
            return []
        }
        let ignored: Set<String> = ["version", "updatedAt", "createdAt"]
        return Set(before.keys).union(after.keys).filter { !ignored.contains($0) && before[$0] != after[$0] }.sorted()
    }

    static func object(_ json: String) -> [String: JSONValue]? {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else {
            return nil
        }
        return object
    }
}

/// The result of checking the hash chain.
public struct AuditVerification: Sendable, Equatable {
    /// How many events were checked.
    public var checked: Int
    /// The sequence number of the first event whose hash does not follow from its content and predecessor.
    public var firstBroken: Int?
    /// Why that event fails.
    public var problem: String?
    /// The hash of the last event, when the chain is intact: recorded somewhere else (a log, a ticket), it shows
    /// later whether events were removed from the end by someone who also replaced the head record.
    public var lastHash: String?

    public init(checked: Int, firstBroken: Int? = nil, problem: String? = nil, lastHash: String? = nil) {
        self.checked = checked
        self.firstBroken = firstBroken
        self.problem = problem
        self.lastHash = lastHash
    }

    public var isIntact: Bool { firstBroken == nil }
}

/// The append-only, hash-chained audit trail (STANDARDS.md S11). Record changes are appended by the
/// record repository in the same transaction as the change; other events through `append`.
public protocol AuditRepository: Sendable {
    func append(_ entry: AuditEntry) async throws
    /// The newest events about one record, newest first.
    func history(_ kind: EntityKind, id: String, limit: Int) async throws -> [AuditEvent]
    /// Every event about one record, oldest first (for subject access requests).
    func events(_ kind: EntityKind, id: String) async throws -> [AuditEvent]
    /// Recomputes every hash from the first event and reports the first broken link.
    func verify() async throws -> AuditVerification
}

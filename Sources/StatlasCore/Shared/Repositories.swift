import Foundation

/// Storage of register records of every kind, with optimistic versioning and full-text search.
///
/// One implementation serves every entity; the entity types declare what differs.
public protocol RecordRepository: Sendable {
    /// The kinds of record this repository holds.
    var kinds: RecordKinds { get }
    /// One page of records matching the query.
    func list<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<R>
    /// One page as each record's stored JSON document (exactly as `RecordCodec` encodes the record), for answers
    /// that pass records on unchanged: nothing is decoded or encoded again.
    func listEncoded<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<String>
    /// The record with this id (or, for areas, this code); throws `notFound`.
    func get<R: Record>(_ type: R.Type, id: String) async throws -> R
    /// Records with these ids, in one query; missing ids are left out.
    func get<R: Record>(_ type: R.Type, ids: [String]) async throws -> [R]
    /// Validates and stores a new record at version 1, recording `actor` in the audit trail.
    func create<R: Record>(_ record: R, by actor: Principal) async throws -> R
    /// Validates and stores a changed record if its stored version is still `expectedVersion`.
    func update<R: Record>(_ record: R, expectedVersion: Int, by actor: Principal) async throws -> R
    /// Deletes a record, if `expectedVersion` (when given) still matches.
    func delete<R: Record>(_ type: R.Type, id: String, expectedVersion: Int?, by actor: Principal) async throws
    /// Ranked search across the given kinds (all when nil).
    func search(_ text: String, kinds: [EntityKind]?, limit: Int) async throws -> [SearchHit]
    /// How many records of each kind match the text (kinds with none left out): the true totals behind a
    /// search whose hits were cut at its limit.
    func searchCounts(_ text: String) async throws -> [EntityKind: Int]
    /// Number of records of each kind.
    func counts() async throws -> [EntityKind: Int]
    /// Up to `limit` records ordered by id, starting after `afterId`: for exports of any size.
    func batch<R: Record>(_ type: R.Type, after afterId: String?, limit: Int) async throws -> [R]
    /// Creates or updates every row in one transaction; throws `ImportError` naming each bad row (and
    /// writes nothing) when any row is invalid or refers to a record that neither exists nor is imported.
    /// The summary counts rows of `kind` (all rows when nil) and, apart, new records of other kinds.
    /// `progress` is told how many rows are done.
    func importRows(_ rows: [ImportRow], kind: EntityKind?, progress: (@Sendable (Int) -> Void)?) async throws
        -> ImportSummary
    /// The records whose link filter `filter` (a `.link` filter of the type) names any of `ids`, in id order: one
    /// indexed query over the link table, whatever the size of the register.
    func linking<R: Record>(_ type: R.Type, filter: String, to ids: [String]) async throws -> [R]
    /// The records that refer to this one, with the relation they use (at most 2,000).
    func referrers(to kind: EntityKind, id: String) async throws -> [Referrer]
    /// The ids and titles of up to `limit` records of a kind, in title order (for choosing one in a form).
    func index(_ kind: EntityKind, limit: Int) async throws -> [ChoiceOption]
    /// The record of `kind` with the id `text`, or else (not more than `limit`, in title order) those whose title or
    /// alias (`Record.aliases`) is `text`, compared as `References.fold` compares them.
    func named(_ kind: EntityKind, _ text: String, limit: Int) async throws -> [Candidate]
    /// The ids of up to `limit` records of `kind` (other than `excluding`) with a facet `name` of any of `values`,
    /// in id order: one look at the facets' value index.
    func withFacet(_ kind: EntityKind, _ name: String, values: [String], excluding: String?, limit: Int)
        async throws -> [String]
    /// The titles of the given records, by kind and id; missing ids are left out.
    func titles(_ ids: [EntityKind: Set<String>]) async throws -> [EntityKind: [String: String]]
    /// The ids of a kind's records in id order, a window at a time (CKAN's `package_list`).
    func ids(_ kind: EntityKind, offset: Int, limit: Int, descending: Bool) async throws -> [String]
    /// How many of the records the list `query` selects have each value of the filter `dimension` (a link or
    /// facet filter of `R`), most first then by value, at most `limit` values: the facets a catalogue search shows.
    func valueCounts<R: Record>(_ type: R.Type, _ query: ListQuery, by dimension: String, limit: Int) async throws
        -> [ValueCount]
    /// The version of the register: it changes with every change to it (and with other recorded events), so an
    /// answer worked out at one version may be served again while the version is the same.
    func version() async throws -> String
}

/// A record that refers to another one.
/// One value of a filter and how many records have it.
public struct ValueCount: Sendable, Hashable, Codable {
    public var value: String
    public var count: Int

    public init(_ value: String, _ count: Int) {
        self.value = value
        self.count = count
    }
}

public struct Referrer: Sendable, Hashable {
    public var kind: EntityKind
    public var relation: String
    public var id: String
    public var title: String

    public init(kind: EntityKind, relation: String, id: String, title: String) {
        self.kind = kind
        self.relation = relation
        self.id = id
        self.title = title
    }
}

extension RecordRepository {
    /// Creates a record as the operator (command line, demo loader, tests).
    public func create<R: Record>(_ record: R) async throws -> R { try await create(record, by: .system) }
    /// Updates a record as the operator.
    public func update<R: Record>(_ record: R, expectedVersion: Int) async throws -> R {
        try await update(record, expectedVersion: expectedVersion, by: .system)
    }
    /// Deletes a record as the operator.
    public func delete<R: Record>(_ type: R.Type, id: String, expectedVersion: Int?) async throws {
        try await delete(type, id: id, expectedVersion: expectedVersion, by: .system)
    }

    /// Every record of a kind that passes `filters`, read a page at a time.
    public func all<R: Record>(_ type: R.Type, filters: [String: String]) async throws -> [R] {
        var records: [R] = []
        while true {
            let page = try await list(
                type, ListQuery(filters: filters, limit: ListQuery.maxLimit, offset: records.count))
            records += page.items
            if page.items.count < ListQuery.maxLimit || records.count >= page.total { return records }
        }
    }

    /// Hands every record of a kind to `body`, a keyset batch at a time, in id order: memory follows the batch,
    /// not the register.
    public func eachBatch<R: Record>(
        _ type: R.Type, size: Int = 1000, _ body: ([R]) async throws -> Void
    ) async throws {
        var after: String? = nil
        while true {
            let page = try await batch(type, after: after, limit: size)
            try await body(page)
            guard let last = page.last, page.count == size else { return }
            after = last.id
        }
    }

    /// Every record of a kind in id order, read in keyset pages of `pageSize`.
    public func all<R: Record>(_ type: R.Type, pageSize: Int = 1000) async throws -> [R] {
        var records: [R] = []
        var after: String? = nil
        while true {
            let page = try await batch(type, after: after, limit: pageSize)
            records += page
            guard let last = page.last, page.count == pageSize else { return records }
            after = last.id
        }
    }
}

/// A user account able to sign in or hold API tokens.
public struct UserAccount: Codable, Sendable, Equatable {
    public var id: String
    public var email: String
    public var name: String
    public var isAdmin: Bool
    public var disabled: Bool
    public var createdAt: Date
    /// The organisations whose records this user may edit (empty for a viewer).
    public var organisations: [String]
    /// The API token the request was authenticated with, if any (for the audit trail).
    public var tokenId: String?
    /// True when signing in needs a one-time code from an authenticator app as well as the password.
    public var twoFactor: Bool = false

    public init(
        id: String, email: String, name: String, isAdmin: Bool, disabled: Bool = false, createdAt: Date,
        organisations: [String] = [], tokenId: String? = nil, twoFactor: Bool = false
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.isAdmin = isAdmin
        self.disabled = disabled
        self.createdAt = createdAt
        self.organisations = organisations
        self.tokenId = tokenId
        self.twoFactor = twoFactor
    }

    /// The user's role in words.
    public var roleLabel: String {
        if isAdmin { return "Administrator" }
        return organisations.isEmpty ? "Viewer" : "Editor"
    }
}

/// Accounts and API tokens. Only a hash of each token is stored.
public protocol AccountRepository: Sendable {
    func createUser(email: String, name: String, isAdmin: Bool) async throws -> UserAccount
    func user(email: String) async throws -> UserAccount?
    /// Stores a new token for the user and returns its id and the token text (shown once).
    func createToken(userId: String, label: String?) async throws -> (id: String, token: String)
    /// The enabled user owning this token, if the token is valid and not revoked (a read only: uses are
    /// recorded apart, with `recordTokenUse`).
    func user(forToken token: String) async throws -> UserAccount?
    /// Records uses of tokens: each token's last use, and one audit event per use, in one transaction.
    func recordTokenUse(_ uses: [TokenUse]) async throws
    func revokeToken(id: String) async throws -> Bool

    /// Checks the password policy, stores the password's hash and ends the user's sessions (S4, S8).
    func setPassword(email: String, password: String) async throws
    /// The enabled user with this email and password; nil otherwise, taking the same time either way.
    func verify(email: String, password: String) async throws -> UserAccount?
    /// Disables or re-enables an account; disabling ends its sessions (S4).
    func setDisabled(email: String, disabled: Bool) async throws -> Bool
    /// Starts a session for the user, deleting `replacing` if given (S2). Returns the cookie token.
    func startSession(userId: String, replacing: String?, now: Date) async throws -> String
    /// The live session for a cookie token, touching its last use; nil when unknown, expired or disabled.
    func session(token: String, now: Date, limits: SessionLimits) async throws -> BrowserSession?
    /// Ends a session on the server (sign-out).
    func endSession(token: String) async throws

    /// Makes the user an editor of exactly these organisations (none makes them a viewer); false when no
    /// user has the email. Throws `invalid` naming an organisation that does not exist.
    func setOrganisations(email: String, organisations: [String]) async throws -> Bool
    /// Makes the user an administrator or not; false when no user has the email.
    func setAdmin(email: String, isAdmin: Bool) async throws -> Bool
    /// Every account, by email.
    func users() async throws -> [UserAccount]
    /// The account with this id.
    func user(id: String) async throws -> UserAccount?
    /// The user's API tokens (never the token text), newest first.
    func tokens(userId: String) async throws -> [APIToken]
    /// One token's description.
    func token(id: String) async throws -> APIToken?
    /// A one-time link token with which the invited user sets their password (valid for 7 days); any
    /// earlier invitation for the user stops working.
    func createInvitation(userId: String, now: Date) async throws -> String
    /// Sets the password of the invited user, if the invitation is valid, and uses it up.
    /// Throws `invalid` when the password breaks the policy; nil when the invitation is unknown or expired.
    func acceptInvitation(token: String, password: String, now: Date) async throws -> UserAccount?

    /// Starts setting up a second factor: a new secret (base32, for an authenticator app) replacing any
    /// unconfirmed one. The second factor is on only once confirmed with a code.
    func beginTwoFactor(userId: String) async throws -> String
    /// Turns the second factor on when `code` is right for the new secret; returns ten single-use recovery
    /// codes (shown once), or nil for a wrong code.
    func confirmTwoFactor(userId: String, code: String, now: Date) async throws -> [String]?
    /// Turns the second factor off when `code` is a current code or an unused recovery code.
    func disableTwoFactor(userId: String, code: String, now: Date) async throws -> Bool
    /// Records that the password of a user with a second factor was accepted; returns the token for the code
    /// step, valid for 10 minutes.
    func startPendingSignIn(userId: String, now: Date) async throws -> String
    /// The id of the user whose pending sign-in this token is, while it is valid (for counting their codes).
    func pendingSignInUser(token: String, now: Date) async throws -> String?
    /// Completes a pending sign-in with a current code (each accepted once: a replayed code is refused) or an
    /// unused recovery code; returns the user, or nil.
    func completePendingSignIn(token: String, code: String, now: Date) async throws -> UserAccount?
    /// Turns off the second factor of a user who lost their app and recovery codes (administrators only),
    /// ending their sessions; false when no user has the email.
    func resetTwoFactor(email: String) async throws -> Bool
}

/// An API token as listed: never the token itself, which is shown once when created.
public struct APIToken: Codable, Sendable, Equatable {
    public var id: String
    public var userId: String
    public var label: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: String, userId: String, label: String?, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.userId = userId
        self.label = label
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// One use of an API token, to be recorded in the audit trail.
public struct TokenUse: Sendable, Equatable {
    public var tokenId: String
    public var userId: String
    /// The method and path used (made safe for logs).
    public var request: String
    public var at: Date

    public init(tokenId: String, userId: String, request: String, at: Date) {
        (self.tokenId, self.userId, self.request, self.at) = (tokenId, userId, request, at)
    }
}

extension RecordRepository {
    /// Ids of `kind` in ascending order.
    public func ids(_ kind: EntityKind, offset: Int, limit: Int) async throws -> [String] {
        try await ids(kind, offset: offset, limit: limit, descending: false)
    }
}

import Foundation
import StatlasCore
import Testing

/// The account rules over plain values: an `AccountStore` whose records are a dictionary behind a lock. The
/// SQL adapter's side of the same rules is tested through the pages on both databases (TwoFactorTests).
final class MemoryAccounts: AccountStore, AccountRecords, @unchecked Sendable {
    private let lock = NSLock()
    var factors: [String: SecondFactor] = [:]
    var recovery: [String: Set<String>] = [:]
    var tokens: [OneTimeToken: [String: (userId: String, expires: Date)]] = [:]
    var passwords: [String: String] = [:]
    var sessionsEnded: [String] = []
    let users: [String: UserAccount]

    init(_ users: [UserAccount]) { self.users = Dictionary(uniqueKeysWithValues: users.map { ($0.id, $0) }) }

    func atomically<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws -> T {
        try await body(self)
    }
    func reading<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws -> T {
        try await body(self)
    }
    func withOrganisations(_ user: UserAccount) async throws -> UserAccount { user }
    func passwordHash(_ password: String) -> String { "hashed:" + password }

    func secondFactor(userId: String) async throws -> SecondFactor? { lock.withLock { factors[userId] } }
    func setSecondFactor(userId: String, _ factor: SecondFactor?) async throws {
        lock.withLock { factors[userId] = factor }
    }
    func advanceStep(userId: String, to step: Int64) async throws -> Bool {
        lock.withLock {
            guard let factor = factors[userId], factor.enabled, factor.lastStep < step else { return false }
            factors[userId]?.lastStep = step
            return true
        }
    }
    func replaceRecoveryCodes(userId: String, hashes: [String]) async throws {
        lock.withLock { recovery[userId] = Set(hashes) }
    }
    func removeRecoveryCode(userId: String, hash: String) async throws -> Bool {
        lock.withLock { recovery[userId]?.remove(hash) != nil }
    }
    func addOneTimeToken(_ kind: OneTimeToken, hash: String, userId: String, expires: Date) async throws {
        lock.withLock { tokens[kind, default: [:]][hash] = (userId, expires) }
    }
    func oneTimeToken(_ kind: OneTimeToken, hash: String) async throws -> (user: UserAccount, expires: Date)? {
        lock.withLock { tokens[kind]?[hash].flatMap { entry in users[entry.userId].map { ($0, entry.expires) } } }
    }
    func removeOneTimeTokens(_ kind: OneTimeToken, userId: String) async throws {
        lock.withLock { tokens[kind] = tokens[kind]?.filter { $0.value.userId != userId } }
    }
    func removeOneTimeTokens(_ kind: OneTimeToken, expiredBefore date: Date) async throws {
        lock.withLock { tokens[kind] = tokens[kind]?.filter { $0.value.expires >= date } }
    }
    func setPasswordHash(userId: String, _ hash: String) async throws { lock.withLock { passwords[userId] = hash } }
    func endSessions(userId: String) async throws { lock.withLock { sessionsEnded.append(userId) } }
}

@Suite("Account rules: TOTP (RFC 6238), recovery codes, invitation and pending sign-in lifetimes")
struct AccountRulesTests {
    let user = UserAccount(id: "u1", email: "a@example.org", name: "A", isAdmin: false, createdAt: Date())

    @Test("Codes match the RFC 6238 SHA-1 test vectors; base32 round-trips (RFC 4648)")
    func vectors() {
        let secret = Array("12345678901234567890".utf8)
        let expected: [(TimeInterval, String)] = [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ]
        for (time, code) in expected {
            #expect(TOTP.code(secret: secret, step: TOTP.step(Date(timeIntervalSince1970: time)), digits: 8) == code)
        }
        #expect(Base32.encode(secret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ") == secret)
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        // One step either side of now is accepted (clock drift); two is not.
        let now = Date(timeIntervalSince1970: 59)
        let step = TOTP.step(now)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step + 1), secret: secret, now: now) == step + 1)
        #expect(TOTP.matchingStep(TOTP.code(secret: secret, step: step + 2), secret: secret, now: now) == nil)
    }

    @Test("A confirmed factor refuses a replayed step; a recovery code works once, however it is typed")
    func replayAndRecovery() async throws {
        let store = MemoryAccounts([user])
        let secretText = try await store.beginTwoFactor(userId: "u1")
        #expect(try await store.beginTwoFactor(userId: "u1") == secretText)  // unconfirmed: shown again
        let secret = try #require(Base32.decode(secretText))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let code = TOTP.code(secret: secret, step: TOTP.step(now))
        #expect(try await store.confirmTwoFactor(userId: "u1", code: "000000", now: now) == nil)
        let codes = try #require(try await store.confirmTwoFactor(userId: "u1", code: code, now: now))
        #expect(codes.count == AccountRules.recoveryCodeCount && Set(codes).count == codes.count)
        #expect(try await store.beginTwoFactor(userId: "u1") != secretText)  // a confirmed secret is never shown

        let pending = try await store.startPendingSignIn(userId: "u1", now: now)
        #expect(try await store.completePendingSignIn(token: pending, code: code, now: now) == nil)  // same step: replay
        let later = now.addingTimeInterval(30)
        let next = TOTP.code(secret: secret, step: TOTP.step(later))
        #expect(try await store.completePendingSignIn(token: pending, code: next, now: later)?.id == "u1")
        #expect(try await store.pendingSignInUser(token: pending, now: later) == nil)  // used up

        let again = try await store.startPendingSignIn(userId: "u1", now: later)
        let typed = codes[0].uppercased().replacingOccurrences(of: "-", with: " ")
        #expect(try await store.completePendingSignIn(token: again, code: typed, now: later)?.id == "u1")
        let third = try await store.startPendingSignIn(userId: "u1", now: later)
        #expect(try await store.completePendingSignIn(token: third, code: codes[0], now: later) == nil)
    }

    @Test("A pending sign-in lasts 10 minutes and an invitation 7 days; an invitation sets the password once")
    func lifetimes() async throws {
        #expect(OneTimeToken.pendingSignIn.lifetime == 600 && OneTimeToken.invitation.lifetime == 604_800)
        let store = MemoryAccounts([user])
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let pending = try await store.startPendingSignIn(userId: "u1", now: now)
        #expect(try await store.pendingSignInUser(token: pending, now: now.addingTimeInterval(599)) == "u1")
        #expect(try await store.pendingSignInUser(token: pending, now: now.addingTimeInterval(600)) == nil)

        let expired = try await store.createInvitation(userId: "u1", now: now)
        #expect(
            try await store.acceptInvitation(
                token: expired, password: "a long enough password", now: now.addingTimeInterval(604_800)) == nil)
        let invitation = try await store.createInvitation(userId: "u1", now: now)
        await #expect(throws: StatlasError.self) {
            try await store.acceptInvitation(token: invitation, password: "short", now: now)
        }
        #expect(
            try await store.acceptInvitation(token: invitation, password: "a long enough password", now: now)?.id
                == "u1")
        #expect(store.passwords["u1"] == "hashed:a long enough password" && store.sessionsEnded == ["u1"])
        #expect(
            try await store.acceptInvitation(token: invitation, password: "a long enough password", now: now) == nil)
        // Only hashes are kept.
        #expect(store.tokens.values.flatMap(\.keys).allSatisfy { $0.count == 64 && $0 != invitation })
    }
}

import Crypto
import Foundation

/// A user's second factor as stored: the base32 secret, whether it is confirmed, and the last time step
/// accepted (only later steps are accepted, so a code cannot be replayed).
public struct SecondFactor: Sendable, Equatable {
    public var secret: String
    public var enabled: Bool
    public var lastStep: Int64

    public init(secret: String, enabled: Bool, lastStep: Int64 = 0) {
        self.secret = secret
        self.enabled = enabled
        self.lastStep = lastStep
    }
}

/// Tokens sent or kept for one use, of which only the SHA-256 is stored: the link of an invitation and the
/// state between the password and the code of a two-step sign-in.
public enum OneTimeToken: String, Sendable, CaseIterable {
    case invitation
    case pendingSignIn

    /// How long a token stays valid: an invitation 7 days, a pending sign-in 10 minutes.
    public var lifetime: TimeInterval {
        switch self {
        case .invitation: 7 * 24 * 60 * 60
        case .pendingSignIn: 10 * 60
        }
    }
}

/// The account records the rules below read and write, all within one transaction of `AccountStore.atomically`.
/// A thin persistence interface: it stores and finds, and decides nothing.
public protocol AccountRecords: Sendable {
    /// The user's second factor, or nil when they have none (or there is no such user).
    func secondFactor(userId: String) async throws -> SecondFactor?
    /// Stores the second factor; nil forgets it.
    func setSecondFactor(userId: String, _ factor: SecondFactor?) async throws
    /// Records `step` as the last accepted time step if it is later than the stored one and the factor is on; false
    /// when another request accepted this step or a later one first (so one code is accepted once, even at once).
    func advanceStep(userId: String, to step: Int64) async throws -> Bool
    /// Replaces the user's recovery codes with these hashes (none removes them).
    func replaceRecoveryCodes(userId: String, hashes: [String]) async throws
    /// Removes the user's recovery code with this hash; true when there was one.
    func removeRecoveryCode(userId: String, hash: String) async throws -> Bool
    /// Stores a one-time token's hash for the user, valid until `expires`.
    func addOneTimeToken(_ kind: OneTimeToken, hash: String, userId: String, expires: Date) async throws
    /// The enabled user a one-time token's hash belongs to, with its expiry; nil when unknown.
    func oneTimeToken(_ kind: OneTimeToken, hash: String) async throws -> (user: UserAccount, expires: Date)?
    /// Removes the user's tokens of this kind.
    func removeOneTimeTokens(_ kind: OneTimeToken, userId: String) async throws
    /// Removes every token of this kind that expired before `date`.
    func removeOneTimeTokens(_ kind: OneTimeToken, expiredBefore date: Date) async throws
    /// Stores a new password hash for the user.
    func setPasswordHash(userId: String, _ hash: String) async throws
    /// Ends every session of the user.
    func endSessions(userId: String) async throws
}

extension AccountRecords {
    /// The enabled user a one-time token (as given, not hashed) belongs to while it is valid; nil otherwise.
    func liveToken(_ kind: OneTimeToken, _ token: String, now: Date) async throws -> UserAccount? {
        guard let (user, expires) = try await oneTimeToken(kind, hash: AccountRules.hash(token)), expires > now else {
            return nil
        }
        return user
    }
}

/// Storage that can run the account rules: transactions over `AccountRecords`, password hashing and the
/// user's organisations. Conforming to it gives the second-factor, invitation and pending sign-in parts of
/// `AccountRepository` (the extension below), so those rules live here, in Core, once.
public protocol AccountStore: Sendable {
    /// Runs `body` in one transaction.
    func atomically<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws -> T
    /// Runs `body`, which only reads, without taking a write transaction.
    func reading<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws -> T
    /// The user with the organisations they edit for.
    func withOrganisations(_ user: UserAccount) async throws -> UserAccount
    /// A slow hash of a password (bcrypt), as stored.
    func passwordHash(_ password: String) -> String
}

/// The rules of second factors, recovery codes, invitations and pending sign-ins (STANDARDS.md S4, S8).
public enum AccountRules {
    /// How many recovery codes a user gets when they turn the second factor on.
    public static let recoveryCodeCount = 10

    /// The hex SHA-256 of a token or code, as stored.
    public static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new TOTP secret: 20 random bytes in base32.
    public static func newSecret() -> String {
        Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255) })
    }

    /// A recovery code: 10 characters from an unambiguous alphabet, shown as two groups of five.
    public static func recoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }
        return String(characters[0..<5]) + "-" + String(characters[5...])
    }

    /// A recovery code as compared: lower case letters and digits only (so `ABCDE-FGHJK` and `abcdefghjk` match).
    public static func normalised(_ code: String) -> String {
        String(
            String.UnicodeScalarView(
                code.lowercased().unicodeScalars.filter {
                    $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0)
                }))
    }

    /// True when `code` is a TOTP code for a step after the last one accepted (which it then becomes), or an
    /// unused recovery code (which is then used up).
    static func accept(_ code: String, userId: String, now: Date, _ records: any AccountRecords) async throws -> Bool {
        guard let factor = try await records.secondFactor(userId: userId), factor.enabled,
            let secret = Base32.decode(factor.secret)
        else { return false }
        if let step = TOTP.matchingStep(code, secret: secret, now: now) {
            guard step > factor.lastStep else { return false }  // replayed
            return try await records.advanceStep(userId: userId, to: step)
        }
        return try await records.removeRecoveryCode(userId: userId, hash: hash(normalised(code)))
    }
}

extension AccountStore {
    public func beginTwoFactor(userId: String) async throws -> String {
        let fresh = AccountRules.newSecret()
        return try await atomically { records in
            // An unconfirmed secret is shown again; a confirmed one is never shown, nor replaced.
            if let existing = try await records.secondFactor(userId: userId) {
                return existing.enabled ? fresh : existing.secret
            }
            try await records.setSecondFactor(userId: userId, SecondFactor(secret: fresh, enabled: false))
            return fresh
        }
    }

    public func confirmTwoFactor(userId: String, code: String, now: Date) async throws -> [String]? {
        let codes = (0..<AccountRules.recoveryCodeCount).map { _ in AccountRules.recoveryCode() }
        return try await atomically { records in
            guard let factor = try await records.secondFactor(userId: userId), !factor.enabled,
                let secret = Base32.decode(factor.secret), let step = TOTP.matchingStep(code, secret: secret, now: now)
            else { return nil }
            try await records.setSecondFactor(
                userId: userId, SecondFactor(secret: factor.secret, enabled: true, lastStep: step))
            try await records.replaceRecoveryCodes(
                userId: userId, hashes: codes.map { AccountRules.hash(AccountRules.normalised($0)) })
            return codes
        }
    }

    public func disableTwoFactor(userId: String, code: String, now: Date) async throws -> Bool {
        try await atomically { records in
            guard try await AccountRules.accept(code, userId: userId, now: now, records) else { return false }
            try await records.setSecondFactor(userId: userId, nil)
            try await records.replaceRecoveryCodes(userId: userId, hashes: [])
            return true
        }
    }

    /// A new one-time token of `kind` for the user, valid for the kind's lifetime; `clear` runs first, in the
    /// same transaction (expired pending sign-ins go; an earlier invitation stops working).
    private func issue(
        _ kind: OneTimeToken, userId: String, now: Date,
        clear: @escaping @Sendable (any AccountRecords) async throws -> Void
    ) async throws -> String {
        let token = SecretToken.hex(bytes: 32)
        try await atomically { records in
            try await clear(records)
            try await records.addOneTimeToken(
                kind, hash: AccountRules.hash(token), userId: userId, expires: now.addingTimeInterval(kind.lifetime))
        }
        return token
    }

    public func startPendingSignIn(userId: String, now: Date) async throws -> String {
        try await issue(.pendingSignIn, userId: userId, now: now) {
            try await $0.removeOneTimeTokens(.pendingSignIn, expiredBefore: now)
        }
    }

    public func pendingSignInUser(token: String, now: Date) async throws -> String? {
        try await reading { records in
            try await records.liveToken(.pendingSignIn, token, now: now)?.id
        }
    }

    public func completePendingSignIn(token: String, code: String, now: Date) async throws -> UserAccount? {
        let account: UserAccount? = try await atomically { records in
            guard let user = try await records.liveToken(.pendingSignIn, token, now: now),
                try await AccountRules.accept(code, userId: user.id, now: now, records)
            else { return nil }
            try await records.removeOneTimeTokens(.pendingSignIn, userId: user.id)
            return user
        }
        guard let account else { return nil }
        return try await withOrganisations(account)
    }

    public func createInvitation(userId: String, now: Date) async throws -> String {
        try await issue(.invitation, userId: userId, now: now) {
            try await $0.removeOneTimeTokens(.invitation, userId: userId)
        }
    }

    public func acceptInvitation(token: String, password: String, now: Date) async throws -> UserAccount? {
        let problems = PasswordPolicy.problems(password)
        if !problems.isEmpty { throw StatlasError.invalid(problems) }
        let hash = passwordHash(password)
        return try await atomically { records in
            guard let (user, expires) = try await records.oneTimeToken(.invitation, hash: AccountRules.hash(token))
            else { return nil }
            try await records.removeOneTimeTokens(.invitation, userId: user.id)
            guard expires > now else { return nil }
            try await records.setPasswordHash(userId: user.id, hash)
            try await records.endSessions(userId: user.id)
            return user
        }
    }
}

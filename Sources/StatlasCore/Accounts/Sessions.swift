import Foundation

/// A signed-in browser session, as found from its cookie.
public struct BrowserSession: Sendable, Equatable {
    public var user: UserAccount
    /// The per-session token every state-changing form must carry (STANDARDS.md S5).
    public var csrfToken: String
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(user: UserAccount, csrfToken: String, createdAt: Date, lastSeenAt: Date) {
        self.user = user
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// How long a session lasts (STANDARDS.md S3): it ends after `idle` without use or `absolute` after sign-in.
public struct SessionLimits: Sendable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 60 * 60) {
        self.idle = idle
        self.absolute = absolute
    }

    /// True while a session with these times may still be used at `now`.
    public func allows(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idle && now.timeIntervalSince(createdAt) < absolute
    }
}

/// Unguessable tokens (API tokens, session ids, CSRF tokens) from the system's secure random source.
public enum SecretToken {
    /// `bytes` random bytes as lowercase hex.
    public static func hex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.string((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// Passwords accepted for accounts (STANDARDS.md S8): 12 to 256 characters, no composition rules, not
/// on the list of commonly used passwords. Checked exactly as typed.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 256

    /// Common passwords long enough to pass the length rule, compared case-insensitively.
    static let denied: Set<String> = [
        "123456789012", "1234567890123", "12345678901234", "123456789123", "password1234", "password12345",
        "password123456", "passwordpassword", "qwertyuiopas", "qwertyuiop123", "qwerty123456", "1q2w3e4r5t6y",
        "111111111111", "000000000000", "123123123123", "abcdefghijkl", "abc123abc123", "iloveyou1234",
        "letmein12345", "welcome12345", "administrator", "changeme1234", "trustno1trustno1", "football1234",
        "baseball1234", "superman1234", "monkey123456", "dragon123456", "sunshine1234", "princess1234",
        "qwertyuiopasdfghjkl", "zaq12wsxcde3", "1qaz2wsx3edc", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
        "statlas12345", "statlaspassword", "correcthorsebatterystaple", "mypassword123", "welcomewelcome",
    ]

    /// What is wrong with a proposed password, as field errors on `field`.
    public static func problems(_ password: String, field: String = "password") -> [FieldError] {
        if password.count < minimumLength {
            return [FieldError(field, "Password must be at least \(minimumLength) characters long")]
        }
        if password.count > maximumLength {
            return [FieldError(field, "Password must be \(maximumLength) characters or fewer")]
        }
        if denied.contains(password.lowercased()) {
            return [FieldError(field, "Password is too common: choose one that others are unlikely to use")]
        }
        return []
    }
}

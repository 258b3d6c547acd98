import Foundation

extension EntityKind {
    /// Studies are not register records (no public list, search or export): the kind names them in errors.
    public static let study = EntityKind("studies", noun: "study")
}

/// What a study collects.
public enum StudyKind: String, Vocabulary {
    case interviews, survey, both
}

/// Where a study is in its life.
public enum StudyStatus: String, Vocabulary {
    case planning, fieldwork, analysis, reporting, closed
}

/// A member's part in a study: the lead manages the team and approves findings; coders code; readers read.
public enum StudyRole: String, Vocabulary {
    case lead, coder, reader
}

/// The statistical disclosure control a study's outputs pass through (STANDARDS.md, "Statistical disclosure
/// control"): counts resting on fewer than `minimumCount` units are suppressed, the rest rounded to
/// `rounding`; a quote is published only where at least `quoteMinimum` participants share its attributes.
public struct DisclosureThresholds: Codable, Sendable, Hashable {
    public var minimumCount: Int
    public var rounding: Int
    public var quoteMinimum: Int

    public init(minimumCount: Int = 10, rounding: Int = 5, quoteMinimum: Int = 10) {
        (self.minimumCount, self.rounding, self.quoteMinimum) = (minimumCount, rounding, quoteMinimum)
    }

    /// The thresholds' own bounds: a count threshold of 1 to 1,000, rounding to 1 to 100.
    static let countBounds = 1...1000
    static let roundingBounds = 1...100
}

/// A confidential research study (interviews, a survey or both) and what describes it. Its content —
/// participants, documents, codings — is readable by its team alone (`StudyAccess`).
public struct Study: Codable, Sendable, Hashable {
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var title = ""
    public var summary: String?
    public var kind = StudyKind.interviews
    public var status = StudyStatus.planning
    public var leadOrganisationId: String?
    public var ethicsReference: String?
    /// The lawful basis for processing participants' personal data (UK GDPR Article 6).
    public var lawfulBasis: LawfulBasis?
    /// The day by which the study's personal data is to be deleted.
    public var retentionDate: CalendarDate?
    public var thresholds = DisclosureThresholds()

    public init() {}

    /// Every mistake at once.
    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the study's title")
        v.maxLength(title, "title", 500)
        v.maxLength(summary, "summary", 20_000)
        v.maxLength(ethicsReference, "ethicsReference", 200)
        for (name, value, bounds) in [
            ("thresholds.minimumCount", thresholds.minimumCount, DisclosureThresholds.countBounds),
            ("thresholds.rounding", thresholds.rounding, DisclosureThresholds.roundingBounds),
            ("thresholds.quoteMinimum", thresholds.quoteMinimum, DisclosureThresholds.countBounds),
        ] {
            v.check(bounds.contains(value), name, "\(name) must be a whole number \(Bounds.words(bounds))")
        }
        return v.errors
    }
}

/// A member of a study's team.
public struct StudyMember: Codable, Sendable, Hashable {
    public var userId: String
    public var name: String
    public var role: StudyRole

    public init(userId: String, name: String, role: StudyRole) {
        (self.userId, self.name, self.role) = (userId, name, role)
    }
}

/// Who may do what with a study (Core: no HTTP or SQL). Its content is for its team alone — administrators
/// included, who are not on it: to everyone else a study's content does not exist. Administrators may see
/// that a study exists and change its team; its lead manages the team.
public enum StudyAccess {
    /// The user's role on the team, if any.
    public static func role(_ user: UserAccount, _ team: [StudyMember]) -> StudyRole? {
        team.first { $0.userId == user.id }?.role
    }

    /// True when the user may read the study's content.
    public static func mayRead(_ user: UserAccount, _ team: [StudyMember]) -> Bool { role(user, team) != nil }

    /// True when the user may add participants and documents and code them: its lead and coders.
    public static func mayContribute(_ user: UserAccount, _ team: [StudyMember]) -> Bool {
        [.lead, .coder].contains(role(user, team))
    }

    /// True when the user may see the team and change it: its lead, or an administrator.
    public static func mayManageTeam(_ user: UserAccount, _ team: [StudyMember]) -> Bool {
        user.isAdmin || role(user, team) == .lead
    }

    /// Why a change to the team is refused, or nil: a study keeps at least one lead.
    public static func teamProblem(after team: [StudyMember]) -> String? {
        team.contains { $0.role == .lead } ? nil : "A study needs a lead: make someone else lead first"
    }
}

import Foundation

extension EntityKind {
    public static let finding = EntityKind("findings", noun: "finding")
}

/// What a finding publishes.
public enum FindingKind: String, Vocabulary {
    /// A survey question tabulated (optionally by an attribute).
    case table
    /// Code frequencies among interviewees (optionally by an attribute).
    case frequency
    /// A quotation from a coded segment.
    case quote
}

/// Where a finding is: drafted by the team, approved by the lead (then public), or withdrawn.
public enum FindingStatus: String, Vocabulary {
    case draft, approved, withdrawn
}

/// A published cell of a finding's table: a rounded count and whole-number percentage with its Wilson interval,
/// or `[c]`.
public struct PublishedCell: Codable, Sendable, Hashable {
    public var group: String
    public var value: String
    public var count: Int?
    public var percentage: Int?
    public var wilsonLow: Int?
    public var wilsonHigh: Int?
    public var suppressed: Bool

    public init(
        group: String, value: String, count: Int?, percentage: Int?, wilsonLow: Int?, wilsonHigh: Int?,
        suppressed: Bool
    ) {
        (self.group, self.value, self.count, self.percentage) = (group, value, count, percentage)
        (self.wilsonLow, self.wilsonHigh, self.suppressed) = (wilsonLow, wilsonHigh, suppressed)
    }
}

/// A group's base as published: its units rounded, or suppressed.
public struct PublishedBase: Codable, Sendable, Hashable {
    public var group: String
    public var count: Int?
    public var suppressed: Bool

    public init(group: String, count: Int?, suppressed: Bool) {
        (self.group, self.count, self.suppressed) = (group, count, suppressed)
    }
}

/// A disclosure-controlled table as it may leave a study.
public struct PublishedTable: Codable, Sendable, Hashable {
    public var caption: String
    /// What each group's base counts ("respondents", "interviewees").
    public var unit: String
    public var groups: [String]
    public var values: [String]
    public var cells: [PublishedCell]
    public var bases: [PublishedBase]
    public var flags: [DisclosureFlag]

    public init(
        caption: String, unit: String, groups: [String], values: [String], cells: [PublishedCell],
        bases: [PublishedBase], flags: [DisclosureFlag]
    ) {
        (self.caption, self.unit, self.groups, self.values) = (caption, unit, groups, values)
        (self.cells, self.bases, self.flags) = (cells, bases, flags)
    }

    /// The cell for a group and value.
    public func cell(_ group: String, _ value: String) -> PublishedCell? {
        cells.first { $0.group == group && $0.value == value }
    }
}

/// A quotation as it may leave a study: the words and only the attributes at least the study's threshold of
/// participants share.
public struct PublishedQuote: Codable, Sendable, Hashable {
    public var text: String
    public var attributes: [String: String]

    public init(text: String, attributes: [String: String]) { (self.text, self.attributes) = (text, attributes) }
}

/// A disclosure-controlled result of a study — a table, code frequencies or a quote with its method note —
/// public once the study's lead approves it, and shown on the register factors it concerns.
public struct Finding: Codable, Sendable, Hashable {
    public var id = ""
    public var studyId = ""
    public var studyTitle = ""
    public var title = ""
    public var kind = FindingKind.table
    public var status = FindingStatus.draft
    /// How the result was produced, in the study's words (sample, method, disclosure control).
    public var methodNote = ""
    /// One sentence a reader takes away ("Reported as a barrier by 25 of 40 interviewees; …").
    public var summary = ""
    public var factorIds: [String] = []
    public var table: PublishedTable?
    public var quote: PublishedQuote?
    /// What it was made from: a survey question, a code, a coding; and the attribute it is broken down by.
    public var source: [String: String] = [:]
    public var createdBy = ""
    public var createdAt: Date?
    public var approvedBy: String?
    public var approvedAt: Date?

    public init() {}

    /// The finding as the public sees it: no warnings meant for the lead (they describe unpublished figures), no
    /// source (a quote's participant, a coding), no account ids.
    public var publicView: Finding {
        var copy = self
        (copy.source, copy.createdBy, copy.approvedBy) = ([:], "", nil)
        copy.table?.flags = []
        return copy
    }

    /// Every mistake in what a person gave.
    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the finding's title")
        v.maxLength(title, "title", 500)
        v.required(methodNote, "methodNote", "Say how the finding was produced (its method note)")
        v.maxLength(methodNote, "methodNote", 20_000)
        v.check(factorIds.count <= 50, "factorIds", "A finding concerns at most 50 factors")
        return v.errors
    }
}

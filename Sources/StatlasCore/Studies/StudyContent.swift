import Foundation

/// What a participant agreed to, and whether they have withdrawn.
public struct Consent: Codable, Sendable, Hashable {
    public var interview = false
    public var recording = false
    public var quotation = false
    /// Taking part in follow-up co-design.
    public var followUp = false
    public var date: CalendarDate?
    /// A withdrawn participant's documents, codings and quotes leave every output.
    public var withdrawn = false

    public init() {}
}

/// A person taking part in a study, known only by a pseudonym (P01, P02…) and attributes such as organisation
/// kind, nation, sector and seniority, and any the study defines.
public struct StudyParticipant: Codable, Sendable, Hashable {
    public var id = ""
    public var pseudonym = ""
    public var attributes: [String: String] = [:]
    public var consent = Consent()
    public var createdAt: Date?

    public init() {}

    /// An attribute's value as people read it: an organisation kind's label for its stored value ("Local
    /// authority" for `local-authority`), any other value as given.
    public static func label(_ value: String) -> String { OrganisationKind(rawValue: value)?.label ?? value }

    /// The pseudonym given to the `n`th participant (from 1): P01, P02… P100.
    public static func pseudonym(_ n: Int) -> String { n < 10 ? "P0\(n)" : "P\(n)" }

    /// Every mistake at once.
    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(pseudonym, "pseudonym", "Enter the participant's pseudonym")
        v.maxLength(pseudonym, "pseudonym", 40)
        v.check(attributes.count <= 50, "attributes", "A participant has at most 50 attributes")
        for (name, value) in attributes {
            v.check(
                !name.isEmpty && name.unicodeScalars.count <= 60, "attributes",
                "Attribute names are 1 to 60 characters")
            v.maxLength(value, "attributes.\(name)", 200)
        }
        return v.errors
    }
}

/// The formats a study document comes in.
public enum DocumentFormat: String, Vocabulary {
    case text, markdown
    /// WebVTT captions, as meeting tools write transcripts.
    case vtt
    /// SubRip captions.
    case srt
    /// Word-processor files (Office Open XML, OpenDocument): sent base64-encoded.
    case docx, odt

    /// True for formats whose content is a file's bytes (base64 in JSON) rather than text.
    public var isBinary: Bool { self == .docx || self == .odt }

    public var label: String {
        switch self {
        case .text: "Plain text"
        case .markdown: "Markdown"
        case .vtt: "WebVTT captions"
        case .srt: "SubRip captions"
        case .docx: "Word document"
        case .odt: "OpenDocument text"
        }
    }
}

/// A transcript or note in a study, linked to a participant. Its `text` is normalised (`DocumentText`) and
/// positions in it are counted in Unicode scalars.
public struct StudyDocument: Codable, Sendable, Hashable {
    public var id = ""
    public var participantId = ""
    public var title = ""
    public var format = DocumentFormat.text
    public var text = ""
    /// The text's length in Unicode scalars.
    public var length = 0
    /// The survey whose free-text answers the document holds; nil for interviews and notes.
    public var surveyId: String?
    public var createdAt: Date?

    public init() {}

    /// The document without its text, as lists show it.
    public var described: StudyDocument {
        var copy = self
        copy.text = ""
        return copy
    }
}

/// What a memo is attached to.
public enum MemoTarget: String, Vocabulary {
    case study, document, code, coding
}

/// A note by a member of the team on the study, a document, a code or a coding. Each author's memos are their own.
public struct StudyMemo: Codable, Sendable, Hashable {
    public var id = ""
    public var targetKind = MemoTarget.study
    public var targetId = ""
    public var authorId = ""
    public var text = ""
    public var createdAt: Date?

    public init() {}

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(text, "text", "Enter the memo's text")
        v.maxLength(text, "text", 100_000)
        return v.errors
    }
}

/// One row of a survey's responses as read from a CSV file: the respondent's pseudonym, attributes, consent,
/// weight and answers, with the line it came from (for errors).
public struct RespondentRow: Sendable, Hashable {
    public var line: Int
    public var pseudonym: String
    public var attributes: [String: String]
    public var consent: Consent?
    public var weight: Double?
    /// Answers by question id; several for a multiple-choice question; free text as given.
    public var answers: [String: [String]]

    public init(
        line: Int, pseudonym: String, attributes: [String: String], consent: Consent?, weight: Double?,
        answers: [String: [String]]
    ) {
        (self.line, self.pseudonym, self.attributes, self.consent) = (line, pseudonym, attributes, consent)
        (self.weight, self.answers) = (weight, answers)
    }
}

/// What importing a survey's responses did.
public struct ResponseImport: Codable, Sendable, Hashable {
    public var responses = 0
    public var newParticipants = 0
    /// Documents made of free-text answers, to be coded like transcripts.
    public var documents = 0

    public init() {}
}

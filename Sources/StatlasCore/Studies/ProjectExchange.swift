import Foundation

/// A QDA project read from another tool (REFI-QDA's QDC or QDPX), ready to add to a study in one transaction.
/// Keys are the file's GUIDs; the repository gives each item a study id. What could not be mapped is listed.
public struct ProjectImport: Sendable {
    public struct Code: Sendable, Hashable {
        public var key: String
        public var name: String
        public var description: String?
        public var colour: String?
        public var parentKey: String?

        public init(key: String, name: String, description: String?, colour: String?, parentKey: String?) {
            (self.key, self.name, self.description, self.colour, self.parentKey) = (
                key, name, description, colour, parentKey
            )
        }
    }

    public struct Participant: Sendable, Hashable {
        public var key: String
        /// The case's name, used as the pseudonym when it is free; nil gives the next P01, P02…
        public var pseudonym: String?
        public var attributes: [String: String]

        public init(key: String, pseudonym: String?, attributes: [String: String]) {
            (self.key, self.pseudonym, self.attributes) = (key, pseudonym, attributes)
        }
    }

    public struct Document: Sendable, Hashable {
        public var key: String
        public var participantKey: String
        public var title: String
        /// Normalised (`DocumentText`); codings' positions are already mapped onto it.
        public var text: String

        public init(key: String, participantKey: String, title: String, text: String) {
            (self.key, self.participantKey, self.title, self.text) = (key, participantKey, title, text)
        }
    }

    public struct Coding: Sendable, Hashable {
        public var documentKey: String
        public var codeKey: String
        public var start: Int
        public var end: Int
        /// The team member who made it, when the file's user is one; otherwise the importer.
        public var coderId: String?

        public init(documentKey: String, codeKey: String, start: Int, end: Int, coderId: String?) {
            (self.documentKey, self.codeKey, self.start, self.end, self.coderId) = (
                documentKey, codeKey, start, end, coderId
            )
        }
    }

    public struct Memo: Sendable, Hashable {
        public var targetKind: MemoTarget
        /// A code's or document's key; empty for the study.
        public var targetKey: String
        public var text: String

        public init(targetKind: MemoTarget, targetKey: String, text: String) {
            (self.targetKind, self.targetKey, self.text) = (targetKind, targetKey, text)
        }
    }

    public var codes: [Code] = []
    public var participants: [Participant] = []
    public var documents: [Document] = []
    public var codings: [Coding] = []
    public var memos: [Memo] = []
    /// What the file holds that a study cannot (pictures, audio, sets, graphs…), in words.
    public var unmapped: [String] = []

    public init() {}
}

/// What an import added, and what it could not map.
public struct ProjectImportReport: Codable, Sendable, Hashable {
    public var codes = 0
    public var codesReused = 0
    public var participants = 0
    public var documents = 0
    public var codings = 0
    public var memos = 0
    public var unmapped: [String] = []

    public init() {}
}

/// Everything of a study a REFI-QDA export holds (withdrawn participants and their documents left out).
public struct ProjectExport: Sendable {
    public var study: Study
    public var team: [StudyMember]
    public var codes: [StudyCode]
    public var participants: [StudyParticipant]
    /// With their text.
    public var documents: [StudyDocument]
    public var codings: [StudyCoding]
    public var memos: [StudyMemo]

    public init(
        study: Study, team: [StudyMember], codes: [StudyCode], participants: [StudyParticipant],
        documents: [StudyDocument], codings: [StudyCoding], memos: [StudyMemo]
    ) {
        (self.study, self.team, self.codes, self.participants) = (study, team, codes, participants)
        (self.documents, self.codings, self.memos) = (documents, codings, memos)
    }
}

extension DocumentText {
    /// `normalise`, with where each of the original's Unicode scalar positions (0…count) lands in the result, so
    /// that positions counted in another tool's text (CR LF line ends, a byte-order mark, trailing spaces) can be
    /// moved onto the normalised text.
    public static func normaliseMapping(_ content: String) -> (text: String, map: [Int]) {
        let scalars = Array(content.unicodeScalars)
        var kept = Array(repeating: true, count: scalars.count)
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        var origin: [Int] = []  // for each output scalar, its original index
        for (i, scalar) in scalars.enumerated() {
            if output.isEmpty && scalar == "\u{FEFF}" {
                kept[i] = false
                continue
            }
            if scalar == "\n" && i > 0 && scalars[i - 1] == "\r" {
                kept[i] = false
                continue
            }
            output.append(scalar == "\r" ? "\n" : scalar)
            origin.append(i)
        }
        // Trailing spaces and tabs of each line, and trailing blank lines, go.
        var j = output.count - 1
        var atLineEnd = true
        var drop = Array(repeating: false, count: output.count)
        while j >= 0 {
            if output[j] == "\n" {
                atLineEnd = true
            } else if atLineEnd && (output[j] == " " || output[j] == "\t") {
                drop[j] = true
            } else {
                atLineEnd = false
            }
            j -= 1
        }
        var end = output.count
        while end > 0 && (output[end - 1] == "\n" || drop[end - 1]) { end -= 1 }
        for k in 0..<output.count where drop[k] || k >= end { kept[origin[k]] = false }
        var map = Array(repeating: 0, count: scalars.count + 1)
        var count = 0
        for i in 0..<scalars.count {
            map[i] = count
            if kept[i] { count += 1 }
        }
        map[scalars.count] = count
        var text = String.UnicodeScalarView()
        for k in 0..<end where !drop[k] { text.append(output[k]) }
        return (String(text), map)
    }
}

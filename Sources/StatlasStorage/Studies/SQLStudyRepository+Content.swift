import Foundation
import SQLKit
import StatlasCore

/// Participants and documents, sealed with `StudyCipher`: attributes, consent, titles and text never reach the
/// database in the clear.
extension SQLStudyRepository {
    public func addParticipant(_ submitted: StudyParticipant, to studyId: String) async throws -> StudyParticipant {
        var participant = submitted
        participant.pseudonym = participant.pseudonym.trimmedWhitespace()
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        participant.createdAt = now
        let given = participant
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            var stored = given
            let count =
                try await db.raw(
                    "SELECT COUNT(*) AS n FROM study_participants WHERE study_id = \(bind: studyId)"
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            if stored.pseudonym.isEmpty {
                let taken = Set(
                    try await db.raw("SELECT pseudonym FROM study_participants WHERE study_id = \(bind: studyId)")
                        .all().map { try $0.decode(column: "pseudonym", as: String.self) })
                stored.pseudonym =
                    (1...(count + 1)).lazy.map(StudyParticipant.pseudonym).first {
                        !taken.contains($0)
                    } ?? UUID().uuidString
            }
            let errors = stored.validate()
            guard errors.isEmpty else { throw StatlasError.invalid(errors) }
            // Unique whatever the case ("p01" would be P01 to a person), and not another participant's id.
            if try await db.raw(
                "SELECT id FROM study_participants WHERE study_id = \(bind: studyId) AND (lower(pseudonym) = lower(\(bind: stored.pseudonym)) OR id = lower(\(bind: stored.pseudonym)))"
            ).first() != nil {
                throw StatlasError.invalid([
                    FieldError("pseudonym", "The study already has a participant \(stored.pseudonym)")
                ])
            }
            stored.id = try await Self.freeParticipantId(stored.pseudonym, studyId, db)
            try await insertParticipant(stored, studyId, now, db)
            return stored
        }
    }

    public func participants(of studyId: String) async throws -> [StudyParticipant] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, sealed FROM study_participants WHERE study_id = \(bind: studyId) ORDER BY pseudonym, id"
            ).all().map { row in
                try cipher.open(
                    StudyParticipant.self, try row.decode(column: "sealed", as: String.self), study: studyId,
                    item: try row.decode(column: "id", as: String.self))
            }
        }
    }

    public func addDocument(_ submitted: StudyDocument, to studyId: String) async throws -> StudyDocument {
        var document = submitted
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        (document.createdAt, document.length) = (now, document.text.unicodeScalars.count)
        if document.id.isEmpty { document.id = UUID().uuidString.lowercased() }
        let made = document
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            guard
                try await db.raw(
                    "SELECT id FROM study_participants WHERE study_id = \(bind: studyId) AND id = \(bind: made.participantId)"
                ).first() != nil
            else {
                throw StatlasError.invalid([
                    FieldError("participantId", "The study has no participant with the id \(made.participantId)")
                ])
            }
            try await insertDocument(made, studyId, now, db)
            return made
        }
    }

    public func documents(of studyId: String) async throws -> [StudyDocument] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, sealed FROM study_documents WHERE study_id = \(bind: studyId) ORDER BY created_at, id"
            ).all().map { row in
                try cipher.open(
                    StudyDocument.self, try row.decode(column: "sealed", as: String.self), study: studyId,
                    item: try row.decode(column: "id", as: String.self)
                ).described
            }
        }
    }

    public func documentIndex(of studyId: String) async throws -> [StudyDocument] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, participant_id, format, length, survey_id FROM study_documents WHERE study_id = \(bind: studyId) ORDER BY created_at, id"
            ).all().map { row in
                var document = StudyDocument()
                document.id = try row.decode(column: "id", as: String.self)
                document.participantId = try row.decode(column: "participant_id", as: String.self)
                document.format = DocumentFormat(rawValue: try row.decode(column: "format", as: String.self)) ?? .text
                document.length = try row.decode(column: "length", as: Int.self)
                document.surveyId = try row.decode(column: "survey_id", as: String?.self)
                return document
            }
        }
    }

    public func document(_ id: String, of studyId: String) async throws -> StudyDocument? {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT sealed FROM study_documents WHERE study_id = \(bind: studyId) AND id = \(bind: id)"
            ).first().map { row in
                try cipher.open(
                    StudyDocument.self, try row.decode(column: "sealed", as: String.self), study: studyId, item: id)
            }
        }
    }

    /// Inserts a participant, sealed; its id already chosen.
    func insertParticipant(_ participant: StudyParticipant, _ studyId: String, _ now: Date, _ db: any SQLDatabase)
        async throws
    {
        try await db.raw(
            """
            INSERT INTO study_participants (study_id, id, pseudonym, sealed, created_at)
            VALUES (\(bind: studyId), \(bind: participant.id), \(bind: participant.pseudonym),
              \(bind: try cipher.seal(json: participant, study: studyId, item: participant.id)), \(bind: Timestamp.string(now)))
            """
        ).run()
    }

    /// Inserts a document, sealed, with what analyses read in the clear: its participant, format, length and
    /// survey.
    func insertDocument(_ document: StudyDocument, _ studyId: String, _ now: Date, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO study_documents (study_id, id, participant_id, format, length, sealed, created_at, survey_id)
            VALUES (\(bind: studyId), \(bind: document.id), \(bind: document.participantId),
              \(bind: document.format.rawValue), \(bind: document.length),
              \(bind: try cipher.seal(json: document, study: studyId, item: document.id)), \(bind: Timestamp.string(now)),
              \(bind: document.surveyId))
            """
        ).run()
    }

    static func requireStudy(_ studyId: String, _ db: any SQLDatabase) async throws {
        guard try await db.raw("SELECT id FROM studies WHERE id = \(bind: studyId)").first() != nil else {
            throw StatlasError.notFound(entity: .study, id: studyId)
        }
    }
}

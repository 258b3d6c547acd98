import Foundation
import SQLKit
import StatlasCore

/// A QDA project from another tool added to a study in one transaction: all of it, or nothing.
extension SQLStudyRepository {
    public func importProject(_ project: ProjectImport, into studyId: String, importer: String) async throws
        -> ProjectImportReport
    {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            var report = ProjectImportReport()
            report.unmapped = project.unmapped
            // Codes: one of the same name under the same parent is reused, so a codebook can be imported twice.
            var existing: [String: StudyCode] = [:]
            for code in try await Self.codes(studyId, db) {
                existing["\(code.parentId ?? "")\u{1F}\(code.name.lowercased())"] = code
            }
            var codeIds: [String: String] = [:]
            for item in project.codes {
                let parent = item.parentKey.flatMap { codeIds[$0] }
                if let found = existing["\(parent ?? "")\u{1F}\(item.name.lowercased())"] {
                    codeIds[item.key] = found.id
                    report.codesReused += 1
                    continue
                }
                var code = StudyCode()
                (code.name, code.description, code.parentId) = (item.name, item.description, parent)
                code.colour = item.colour.flatMap { colour in
                    var probe = StudyCode()
                    (probe.name, probe.colour) = ("x", colour)
                    return probe.validate().isEmpty ? colour.lowercased() : nil
                }
                let made = try await Self.insertCode(code, studyId, now, db)
                codeIds[item.key] = made.id
                existing["\(parent ?? "")\u{1F}\(made.name.lowercased())"] = made
                report.codes += 1
            }
            var participantIds: [String: String] = [:]
            let used = Set(project.documents.map(\.participantKey))
            // The study's pseudonyms and ids are read once; each new participant's are then taken from what is
            // left (a project of thousands of sources costs what it holds, not its square).
            var taken = try await Self.takenParticipants(studyId, db)
            for item in project.participants where used.contains(item.key) {
                var participant = StudyParticipant()
                participant.attributes = item.attributes
                participant.pseudonym = Self.freePseudonym(item.pseudonym, taken: &taken)
                participant.id = Self.freeParticipantId(participant.pseudonym, taken: &taken)
                participant.createdAt = now
                try await insertParticipant(participant, studyId, now, db)
                participantIds[item.key] = participant.id
                report.participants += 1
            }
            var documentIds: [String: (id: String, length: Int)] = [:]
            let documentParticipants = Dictionary(
                project.documents.map { ($0.key, $0.participantKey) }, uniquingKeysWith: { a, _ in a })
            for item in project.documents {
                guard let participant = participantIds[item.participantKey] else { continue }
                var document = StudyDocument()
                document.id = UUID().uuidString.lowercased()
                (document.participantId, document.title, document.text) = (participant, item.title, item.text)
                (document.length, document.createdAt) = (item.text.unicodeScalars.count, now)
                try await insertDocument(document, studyId, now, db)
                documentIds[item.key] = (document.id, document.length)
                report.documents += 1
            }
            for item in project.codings {
                guard let document = documentIds[item.documentKey], let code = codeIds[item.codeKey],
                    item.start >= 0, item.end <= document.length, item.start < item.end
                else { continue }
                try await db.raw(
                    """
                    INSERT INTO study_codings (study_id, id, document_id, code_id, coder_id, start_at, end_at, created_at)
                    VALUES (\(bind: studyId), \(bind: UUID().uuidString.lowercased()), \(bind: document.id), \(bind: code),
                      \(bind: item.coderId ?? importer), \(bind: item.start), \(bind: item.end), \(bind: Timestamp.string(now)))
                    """
                ).run()
                report.codings += 1
            }
            for item in project.memos {
                var memo = StudyMemo()
                memo.id = UUID().uuidString.lowercased()
                (memo.authorId, memo.text, memo.createdAt) = (importer, item.text, now)
                var participant: String?
                switch item.targetKind {
                case .code where codeIds[item.targetKey] != nil:
                    (memo.targetKind, memo.targetId) = (.code, codeIds[item.targetKey]!)
                case .document, .coding:
                    guard let document = documentIds[item.targetKey] else { fallthrough }
                    (memo.targetKind, memo.targetId) = (.document, document.id)
                    participant = documentParticipants[item.targetKey].flatMap { participantIds[$0] }
                default:
                    (memo.targetKind, memo.targetId) = (.study, studyId)
                }
                try await db.raw(
                    """
                    INSERT INTO study_memos (study_id, id, target_kind, target_id, author_id, participant_id, sealed, created_at)
                    VALUES (\(bind: studyId), \(bind: memo.id), \(bind: memo.targetKind.rawValue), \(bind: memo.targetId),
                      \(bind: importer), \(bind: participant), \(bind: try cipher.seal(json: memo, study: studyId, item: memo.id)),
                      \(bind: Timestamp.string(now)))
                    """
                ).run()
                report.memos += 1
            }
            return report
        }
    }

    /// The given pseudonym when it is valid and free (whatever its case), else the next free P01, P02…
    /// A study's participants' pseudonyms (lower case) and ids, and where to look for the next free P-number.
    struct TakenParticipants {
        var pseudonyms: Set<String>
        var ids: Set<String>
        var next = 1
    }

    static func takenParticipants(_ studyId: String, _ db: any SQLDatabase) async throws -> TakenParticipants {
        let rows = try await db.raw("SELECT id, pseudonym FROM study_participants WHERE study_id = \(bind: studyId)")
            .all()
        return TakenParticipants(
            pseudonyms: Set(try rows.map { try $0.decode(column: "pseudonym", as: String.self).lowercased() }),
            ids: Set(try rows.map { try $0.decode(column: "id", as: String.self) }))
    }

    /// The pseudonym wanted when it is free (and short), otherwise the next free P-number; taken at once.
    static func freePseudonym(_ wanted: String?, taken: inout TakenParticipants) -> String {
        var chosen: String
        if let wanted = wanted?.trimmedWhitespace(), !wanted.isEmpty, wanted.unicodeScalars.count <= 40,
            !taken.pseudonyms.contains(wanted.lowercased())
        {
            chosen = wanted
        } else {
            repeat {
                chosen = StudyParticipant.pseudonym(taken.next)
                taken.next += 1
            } while taken.pseudonyms.contains(chosen.lowercased())
        }
        taken.pseudonyms.insert(chosen.lowercased())
        return chosen
    }

    /// The participant id made from a pseudonym when it is free, otherwise a random one; taken at once.
    static func freeParticipantId(_ pseudonym: String, taken: inout TakenParticipants) -> String {
        let slug = Slug.make(pseudonym)
        let id = slug.isEmpty || taken.ids.contains(slug) ? UUID().uuidString.lowercased() : slug
        taken.ids.insert(id)
        return id
    }

    static func codes(_ studyId: String, _ db: any SQLDatabase) async throws -> [StudyCode] {
        try await db.raw("SELECT body FROM study_codes WHERE study_id = \(bind: studyId) ORDER BY name, id").all().map {
            try RecordCodec.decoder().decode(
                StudyCode.self, from: Data(try $0.decode(column: "body", as: String.self).utf8))
        }
    }

    /// Inserts a code with an id made from its name (free in the study).
    static func insertCode(_ code: StudyCode, _ studyId: String, _ now: Date, _ db: any SQLDatabase) async throws
        -> StudyCode
    {
        var stored = code
        let base = Slug.make(stored.name).isEmpty ? "code" : String(Slug.make(stored.name).prefix(80))
        let tries = [base] + (2...99).map { "\(base)-\($0)" }
        let taken = Set(
            try await db.raw("SELECT id FROM study_codes WHERE study_id = \(bind: studyId) AND id IN (\(binds: tries))")
                .all().map { try $0.decode(column: "id", as: String.self) })
        stored.id = tries.first { !taken.contains($0) } ?? UUID().uuidString.lowercased()
        try await db.raw(
            """
            INSERT INTO study_codes (study_id, id, name, body, created_at)
            VALUES (\(bind: studyId), \(bind: stored.id), \(bind: stored.name),
              \(bind: String(decoding: try RecordCodec.encoder().encode(stored), as: UTF8.self)), \(bind: Timestamp.string(now)))
            """
        ).run()
        return stored
    }
}

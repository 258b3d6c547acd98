import Foundation
import SQLKit
import StatlasCore

/// Changing and erasing participants. Erasure deletes the participant's row, and with it (foreign keys) their
/// documents, codings and responses; their memos and the findings quoting them go too. With `secure_delete` and a
/// checkpoint nothing of it stays in the SQLite file; a tombstone makes a restore of an older backup erase them
/// again (STANDARDS.md S15).
extension SQLStudyRepository {
    public func updateParticipant(_ participant: StudyParticipant, in studyId: String) async throws
        -> StudyParticipant
    {
        return try await database.transaction { db in
            guard
                let row = try await db.raw(
                    "SELECT pseudonym FROM study_participants WHERE study_id = \(bind: studyId) AND id = \(bind: participant.id)"
                ).first()
            else {
                throw StatlasError.invalid([
                    FieldError("participantId", "The study has no participant with the id \(participant.id)")
                ])
            }
            var stored = participant
            stored.pseudonym = try row.decode(column: "pseudonym", as: String.self)
            let errors = stored.validate()
            guard errors.isEmpty else { throw StatlasError.invalid(errors) }
            try await db.raw(
                "UPDATE study_participants SET sealed = \(bind: try cipher.seal(json: stored, study: studyId, item: stored.id)) WHERE study_id = \(bind: studyId) AND id = \(bind: stored.id)"
            ).run()
            if stored.consent.withdrawn || !stored.consent.quotation {
                // Their quotes leave every output at once: the status column and the stored finding both say so.
                for row in try await db.raw(
                    "SELECT body FROM findings WHERE study_id = \(bind: studyId) AND participant_id = \(bind: stored.id)"
                ).all() {
                    var finding = try Self.finding(row)
                    (finding.status, finding.approvedAt, finding.approvedBy) = (.withdrawn, nil, nil)
                    try await db.raw(
                        "UPDATE findings SET status = 'withdrawn', approved_at = NULL, body = \(bind: String(decoding: try RecordCodec.encoder().encode(finding), as: UTF8.self)) WHERE id = \(bind: finding.id)"
                    ).run()
                }
            }
            return stored
        }
    }

    public func deleteStudy(_ studyId: String) async throws {
        try await database.transaction { db in
            // Codings and memos first: their rows name the study's documents and codes.
            for table in [
                "study_memos", "study_codings", "findings", "study_responses", "study_surveys", "study_documents",
                "study_codes", "study_participants", "study_members",
            ] {
                try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE study_id = \(bind: studyId)").run()
            }
            try await db.raw("DELETE FROM studies WHERE id = \(bind: studyId)").run()
        }
        try await database.checkpoint()
    }

    public func eraseParticipant(_ participantId: String, of studyId: String) async throws {
        let stamp = Timestamp.now()
        try await database.transaction { db in
            try await Self.erase(participantId, studyId, db)
            try await db.raw(
                "INSERT INTO study_erasures (study_id, participant_id, erased_at) VALUES (\(bind: studyId), \(bind: participantId), \(bind: stamp)) ON CONFLICT DO NOTHING"
            ).run()
        }
        try await database.checkpoint()
    }

    public func reapplyParticipantErasures() async throws -> Int {
        let tombstones = try await database.withConnection { db in
            try await db.raw("SELECT study_id, participant_id FROM study_erasures").all().map {
                (
                    try $0.decode(column: "study_id", as: String.self),
                    try $0.decode(column: "participant_id", as: String.self)
                )
            }
        }
        var count = 0
        for (study, participant) in tombstones {
            let erased = try await database.transaction { db in try await Self.erase(participant, study, db) }
            if erased { count += 1 }
        }
        if count > 0 { try await database.checkpoint() }
        return count
    }

    /// Deletes the participant and everything of theirs; false when they were not there.
    @discardableResult
    static func erase(_ participantId: String, _ studyId: String, _ db: any SQLDatabase) async throws -> Bool {
        guard
            try await db.raw(
                "SELECT id FROM study_participants WHERE study_id = \(bind: studyId) AND id = \(bind: participantId)"
            ).first() != nil
        else { return false }
        try await db.raw(
            "DELETE FROM study_memos WHERE study_id = \(bind: studyId) AND participant_id = \(bind: participantId)"
        ).run()
        try await db.raw(
            "DELETE FROM findings WHERE study_id = \(bind: studyId) AND participant_id = \(bind: participantId)"
        ).run()
        try await db.raw(
            "DELETE FROM study_participants WHERE study_id = \(bind: studyId) AND id = \(bind: participantId)"
        ).run()
        return true
    }
}

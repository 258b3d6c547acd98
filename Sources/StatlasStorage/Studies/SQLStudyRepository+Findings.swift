import Foundation
import SQLKit
import StatlasCore

/// Memos (sealed) and findings (disclosure-controlled, in the clear) of a study.
extension SQLStudyRepository {
    public func addMemo(_ submitted: StudyMemo, to studyId: String) async throws -> StudyMemo {
        var memo = submitted
        memo.id = UUID().uuidString.lowercased()
        memo.createdAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let errors = memo.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        let made = memo
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            let participant = try await Self.memoTarget(made, studyId, db)
            try await db.raw(
                """
                INSERT INTO study_memos (study_id, id, target_kind, target_id, author_id, participant_id, sealed, created_at)
                VALUES (\(bind: studyId), \(bind: made.id), \(bind: made.targetKind.rawValue), \(bind: made.targetId),
                  \(bind: made.authorId), \(bind: participant), \(bind: try cipher.seal(json: made, study: studyId, item: made.id)),
                  \(bind: Timestamp.string(made.createdAt ?? Date())))
                """
            ).run()
            return made
        }
    }

    /// Checks that the memo's target is in the study; the participant a document's or coding's memo is about.
    static func memoTarget(_ memo: StudyMemo, _ studyId: String, _ db: any SQLDatabase) async throws -> String? {
        let query: SQLQueryString
        switch memo.targetKind {
        case .study:
            guard memo.targetId == studyId else {
                throw StatlasError.invalid([FieldError("targetId", "A study memo's target is the study itself")])
            }
            return nil
        case .code:
            query =
                "SELECT NULL AS participant_id FROM study_codes WHERE study_id = \(bind: studyId) AND id = \(bind: memo.targetId)"
        case .document:
            query =
                "SELECT participant_id FROM study_documents WHERE study_id = \(bind: studyId) AND id = \(bind: memo.targetId)"
        case .coding:
            query = """
                SELECT d.participant_id FROM study_codings c JOIN study_documents d
                  ON d.study_id = c.study_id AND d.id = c.document_id
                WHERE c.study_id = \(bind: studyId) AND c.id = \(bind: memo.targetId)
                """
        }
        guard let row = try await db.raw(query).first() else {
            throw StatlasError.invalid([
                FieldError("targetId", "The study has no \(memo.targetKind.rawValue) with the id \(memo.targetId)")
            ])
        }
        return try row.decode(column: "participant_id", as: String?.self)
    }

    public func memos(of studyId: String, target: MemoTarget?, id: String?) async throws -> [StudyMemo] {
        var filters: [SQLQueryString] = ["study_id = \(bind: studyId)"]
        if let target { filters.append("target_kind = \(bind: target.rawValue)") }
        if let id { filters.append("target_id = \(bind: id)") }
        let sql: SQLQueryString =
            "SELECT id, sealed FROM study_memos WHERE \(filters.joined(separator: " AND ")) ORDER BY created_at, id"
        return try await database.withConnection { db in
            try await db.raw(sql).all().map { row in
                try cipher.open(
                    StudyMemo.self, try row.decode(column: "sealed", as: String.self), study: studyId,
                    item: try row.decode(column: "id", as: String.self))
            }
        }
    }

    public func saveFinding(_ finding: Finding) async throws -> Finding {
        var stored = finding
        if stored.id.isEmpty {
            // Not made from the title: a draft's title may quote a participant, and ids reach the audit trail.
            stored.id = "finding-" + Self.randomPart() + Self.randomPart()
        }
        let made = stored
        try await database.transaction { db in
            try await Self.requireStudy(made.studyId, db)
            let body = String(decoding: try RecordCodec.encoder().encode(made), as: UTF8.self)
            try await db.raw("DELETE FROM findings WHERE id = \(bind: made.id)").run()
            try await db.raw(
                """
                INSERT INTO findings (id, study_id, status, sort_title, participant_id, body, created_at, approved_at)
                VALUES (\(bind: made.id), \(bind: made.studyId), \(bind: made.status.rawValue),
                  \(bind: SQLRecordRepository.sortKey(made.title)), \(bind: made.source["participantId"]), \(bind: body),
                  \(bind: Timestamp.string(made.createdAt ?? Date())), \(bind: made.approvedAt.map(Timestamp.string)))
                """
            ).run()
            for factor in Set(made.factorIds) {
                try await db.raw(
                    "INSERT INTO finding_factors (finding_id, factor_id) VALUES (\(bind: made.id), \(bind: factor))"
                ).run()
            }
        }
        return made
    }

    public func findings(of studyId: String) async throws -> [Finding] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT body FROM findings WHERE study_id = \(bind: studyId) ORDER BY created_at DESC, id"
            ).all().map(Self.finding)
        }
    }

    public func finding(id: String) async throws -> Finding? {
        try await database.withConnection { db in
            try await db.raw("SELECT body FROM findings WHERE id = \(bind: id)").first().map(Self.finding)
        }
    }

    public func approvedFindings(factor: String?, limit: Int, offset: Int) async throws -> (
        items: [Finding], total: Int
    ) {
        let scope: SQLQueryString =
            factor.map {
                "FROM findings f JOIN finding_factors ff ON ff.finding_id = f.id WHERE f.status = 'approved' AND ff.factor_id = \(bind: $0)"
            } ?? "FROM findings f WHERE f.status = 'approved'"
        return try await database.withConnection { db in
            let total =
                try await db.raw("SELECT COUNT(*) AS n \(scope)").first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await db.raw(
                "SELECT f.body \(scope) ORDER BY f.approved_at DESC, f.id LIMIT \(bind: limit) OFFSET \(bind: offset)"
            ).all().map(Self.finding)
            return (items, total)
        }
    }

    static func finding(_ row: any SQLRow) throws -> Finding {
        try RecordCodec.decoder().decode(Finding.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}

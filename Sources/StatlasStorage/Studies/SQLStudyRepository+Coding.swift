import Foundation
import SQLKit
import StatlasCore

/// The codebook and codings of a study.
extension SQLStudyRepository {
    public func addCode(_ submitted: StudyCode, to studyId: String) async throws -> StudyCode {
        var code = submitted
        code.name = code.name.trimmedWhitespace()
        let errors = code.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        let given = code
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            var stored = given
            if let parent = stored.parentId,
                try await db.raw(
                    "SELECT id FROM study_codes WHERE study_id = \(bind: studyId) AND id = \(bind: parent)"
                )
                .first() == nil
            {
                throw StatlasError.invalid([FieldError("parentId", "The codebook has no code with the id \(parent)")])
            }
            let all = try await Self.codes(studyId, db)
            var depth = 1
            var above = stored.parentId
            while let parent = above, depth <= StudyCode.deepest {
                depth += 1
                above = all.first { $0.id == parent }?.parentId
            }
            if depth > StudyCode.deepest {
                throw StatlasError.invalid([
                    FieldError("parentId", "Codes nest at most \(StudyCode.deepest) deep: choose a parent higher up")
                ])
            }
            let siblings = all.filter { $0.parentId == stored.parentId }
            if siblings.contains(where: { $0.name.lowercased() == stored.name.lowercased() }) {
                throw StatlasError.invalid([
                    FieldError(
                        "name",
                        "The codebook already has a code “\(stored.name)” \(stored.parentId == nil ? "at the top" : "under that parent")"
                    )
                ])
            }
            return try await Self.insertCode(stored, studyId, Date(), db)
        }
    }

    public func codes(of studyId: String) async throws -> [StudyCode] {
        try await database.withConnection { db in try await Self.codes(studyId, db) }
    }

    public func addCoding(_ submitted: StudyCoding, to studyId: String) async throws -> StudyCoding {
        var coding = submitted
        coding.id = UUID().uuidString.lowercased()
        coding.createdAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let made = coding
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            var errors: [FieldError] = []
            let length = try await db.raw(
                "SELECT length FROM study_documents WHERE study_id = \(bind: studyId) AND id = \(bind: made.documentId)"
            ).first()?.decode(column: "length", as: Int.self)
            if length == nil {
                errors.append(FieldError("documentId", "The study has no document with the id \(made.documentId)"))
            }
            if try await db.raw(
                "SELECT id FROM study_codes WHERE study_id = \(bind: studyId) AND id = \(bind: made.codeId)"
            ).first() == nil {
                errors.append(FieldError("codeId", "The codebook has no code with the id \(made.codeId)"))
            }
            if let length {
                if !(0..<length).contains(made.start) {
                    errors.append(
                        FieldError("start", "start must be from 0 to \(max(0, length - 1)), in characters of the text"))
                }
                if !(made.start < made.end && made.end <= length) {
                    errors.append(FieldError("end", "end must be after start and at most \(length), the text's length"))
                }
            }
            guard errors.isEmpty else { throw StatlasError.invalid(errors) }
            // One coder codes a segment with a code once.
            if try await db.raw(
                """
                SELECT id FROM study_codings WHERE study_id = \(bind: studyId) AND document_id = \(bind: made.documentId)
                  AND code_id = \(bind: made.codeId) AND coder_id = \(bind: made.coderId)
                  AND start_at = \(bind: made.start) AND end_at = \(bind: made.end)
                """
            ).first() != nil {
                throw StatlasError.invalid([FieldError("start", "You have already coded this segment with this code")])
            }
            try await db.raw(
                """
                INSERT INTO study_codings (study_id, id, document_id, code_id, coder_id, start_at, end_at, created_at)
                VALUES (\(bind: studyId), \(bind: made.id), \(bind: made.documentId), \(bind: made.codeId),
                  \(bind: made.coderId), \(bind: made.start), \(bind: made.end), \(bind: Timestamp.now()))
                """
            ).run()
            return made
        }
    }

    public func codings(of studyId: String, coder: String?, code: String?, document: String?) async throws
        -> [StudyCoding]
    {
        var filters: [SQLQueryString] = ["study_id = \(bind: studyId)"]
        if let coder { filters.append("coder_id = \(bind: coder)") }
        if let code { filters.append("code_id = \(bind: code)") }
        if let document { filters.append("document_id = \(bind: document)") }
        let sql: SQLQueryString =
            "SELECT id, document_id, code_id, coder_id, start_at, end_at, created_at FROM study_codings WHERE \(filters.joined(separator: " AND ")) ORDER BY document_id, start_at, end_at, id"
        return try await database.withConnection { db in
            try await db.raw(sql).all().map { row in
                var coding = StudyCoding()
                coding.id = try row.decode(column: "id", as: String.self)
                coding.documentId = try row.decode(column: "document_id", as: String.self)
                coding.codeId = try row.decode(column: "code_id", as: String.self)
                coding.coderId = try row.decode(column: "coder_id", as: String.self)
                coding.start = try row.decode(column: "start_at", as: Int.self)
                coding.end = try row.decode(column: "end_at", as: Int.self)
                coding.createdAt = Timestamp.date(try row.decode(column: "created_at", as: String.self))
                return coding
            }
        }
    }

    public func documentLengths(of studyId: String) async throws -> [String: Int] {
        try await database.withConnection { db in
            var result: [String: Int] = [:]
            for row in try await db.raw("SELECT id, length FROM study_documents WHERE study_id = \(bind: studyId)")
                .all()
            {
                result[try row.decode(column: "id", as: String.self)] = try row.decode(column: "length", as: Int.self)
            }
            return result
        }
    }
}

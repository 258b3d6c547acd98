import Foundation
import SQLKit
import StatlasCore

/// Studies and their teams in SQLite or PostgreSQL (`studies`, `study_members`). The description is stored as
/// JSON; the team as rows, so "the studies I am on" is one indexed query.
public struct SQLStudyRepository: StudyRepository {
    let database: Database
    /// Seals participants' details and documents.
    let cipher: StudyCipher

    public init(database: Database, seal: AuditSeal) {
        self.database = database
        cipher = StudyCipher(seal: seal)
    }

    public func create(_ submitted: Study, lead: UserAccount) async throws -> Study {
        var study = submitted
        let errors = study.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        (study.version, study.createdAt, study.updatedAt) = (1, now, now)
        // Readable, but never telling whether another study of the same title exists: a random part always.
        let slug = String(Slug.make(study.title).prefix(60))
        let base = (slug.isEmpty ? "study" : slug) + "-" + Self.randomPart()
        let made = study
        return try await database.transaction { db in
            var stored = made
            stored.id = try await Self.freeId(base, db)
            try await db.raw(
                """
                INSERT INTO studies (id, title, sort_title, version, body, created_at, updated_at)
                VALUES (\(bind: stored.id), \(bind: stored.title), \(bind: SQLRecordRepository.sortKey(stored.title)), 1,
                  \(bind: try Self.encode(stored)), \(bind: Timestamp.string(now)), \(bind: Timestamp.string(now)))
                """
            ).run()
            try await db.raw(
                """
                INSERT INTO study_members (study_id, user_id, role, added_at)
                VALUES (\(bind: stored.id), \(bind: lead.id), \(bind: StudyRole.lead.rawValue), \(bind: Timestamp.string(now)))
                """
            ).run()
            return stored
        }
    }

    public func study(id: String) async throws -> Study? {
        try await database.withConnection { db in
            try await db.raw("SELECT body FROM studies WHERE id = \(bind: id)").first().map(Self.decode)
        }
    }

    public func studies(of userId: String) async throws -> [(study: Study, role: StudyRole)] {
        try await database.withConnection { db in
            try await db.raw(
                """
                SELECT s.body, m.role FROM study_members m JOIN studies s ON s.id = m.study_id
                WHERE m.user_id = \(bind: userId) ORDER BY s.sort_title, s.id
                """
            ).all().map { row in
                (try Self.decode(row), StudyRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .reader)
            }
        }
    }

    public func all() async throws -> [Study] {
        try await database.withConnection { db in
            try await db.raw("SELECT body FROM studies ORDER BY sort_title, id").all().map(Self.decode)
        }
    }

    public func team(of studyId: String) async throws -> [StudyMember] {
        try await database.withConnection { db in try await Self.team(studyId, db) }
    }

    public func setMember(_ studyId: String, userId: String, role: StudyRole) async throws -> [StudyMember] {
        try await changeTeam(studyId) { db in
            try await db.raw(
                """
                INSERT INTO study_members (study_id, user_id, role, added_at)
                VALUES (\(bind: studyId), \(bind: userId), \(bind: role.rawValue), \(bind: Timestamp.now()))
                ON CONFLICT (study_id, user_id) DO UPDATE SET role = excluded.role
                """
            ).run()
        }
    }

    public func removeMember(_ studyId: String, userId: String) async throws -> [StudyMember] {
        try await changeTeam(studyId) { db in
            try await db.raw(
                "DELETE FROM study_members WHERE study_id = \(bind: studyId) AND user_id = \(bind: userId)"
            ).run()
        }
    }

    /// Applies a change to the team in one transaction, refusing (and undoing) one that leaves no lead.
    func changeTeam(_ studyId: String, _ change: @Sendable @escaping (any SQLDatabase) async throws -> Void)
        async throws -> [StudyMember]
    {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM studies WHERE id = \(bind: studyId)").first() != nil else {
                throw StatlasError.notFound(entity: .study, id: studyId)
            }
            try await change(db)
            let team = try await Self.team(studyId, db)
            if let problem = StudyAccess.teamProblem(after: team) {
                throw StatlasError.invalid([FieldError("role", problem)])
            }
            return team
        }
    }

    static func team(_ studyId: String, _ db: any SQLDatabase) async throws -> [StudyMember] {
        try await db.raw(
            """
            SELECT m.user_id, u.name, m.role FROM study_members m JOIN users u ON u.id = m.user_id
            WHERE m.study_id = \(bind: studyId)
            ORDER BY CASE m.role WHEN 'lead' THEN 0 WHEN 'coder' THEN 1 ELSE 2 END, u.name, m.user_id
            """
        ).all().map { row in
            StudyMember(
                userId: try row.decode(column: "user_id", as: String.self),
                name: try row.decode(column: "name", as: String.self),
                role: StudyRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .reader)
        }
    }

    /// Eight random hex digits.
    static func randomPart() -> String {
        String(UUID().uuidString.lowercased().filter { $0 != "-" }.prefix(8))
    }

    /// `base`, or the first of `base-2`, `base-3`… no study has (a UUID after 99 tries).
    static func freeId(_ base: String, _ db: any SQLDatabase) async throws -> String {
        let tries = [base] + (2...99).map { "\(base)-\($0)" }
        let taken = Set(
            try await db.raw("SELECT id FROM studies WHERE id IN (\(binds: tries))").all().map {
                try $0.decode(column: "id", as: String.self)
            })
        return tries.first { !taken.contains($0) } ?? UUID().uuidString.lowercased()
    }

    static func encode(_ study: Study) throws -> String {
        String(decoding: try RecordCodec.encoder().encode(study), as: UTF8.self)
    }

    static func decode(_ row: any SQLRow) throws -> Study {
        try RecordCodec.decoder().decode(Study.self, from: Data(try row.decode(column: "body", as: String.self).utf8))
    }
}

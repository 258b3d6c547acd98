import Foundation
import Logging
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Erasing a study participant reaches every table and the file, and survives restoring an older backup")
struct StudyErasureTests {
    static let phrase = "Zanzibar fieldwork pseudonym"

    /// A study with two participants; the first has a document, a coding, a memo and a survey response.
    static func study(_ storage: StorageService) async throws -> (String, StudyParticipant) {
        let studies = storage.services.studies
        let user = try await storage.accounts.createUser(email: "lead@example.org", name: "Lead", isAdmin: false)
        var study = Study()
        study.title = "Erasure"
        let made = try await studies.create(study, lead: user)
        var first = StudyParticipant()
        first.attributes = ["nation": "Wales"]
        let p1 = try await studies.addParticipant(first, to: made.id)
        _ = try await studies.addParticipant(StudyParticipant(), to: made.id)
        var document = StudyDocument()
        (document.participantId, document.title, document.text) = (p1.id, "Interview", Self.phrase + " and more words")
        let stored = try await studies.addDocument(document, to: made.id)
        var code = StudyCode()
        code.name = "Barrier"
        let barrier = try await studies.addCode(code, to: made.id)
        var coding = StudyCoding()
        (coding.documentId, coding.codeId, coding.coderId, coding.start, coding.end) = (
            stored.id, barrier.id, user.id, 0, 8
        )
        let coded = try await studies.addCoding(coding, to: made.id)
        var memo = StudyMemo()
        (memo.targetKind, memo.targetId, memo.authorId, memo.text) = (
            .coding, coded.id, user.id, "Memo on " + Self.phrase
        )
        _ = try await studies.addMemo(memo, to: made.id)
        var survey = Survey()
        survey.title = "S"
        survey.questions = [SurveyQuestion(id: "Q1", text: "Q", kind: .single, options: ["Yes", "No"])]
        let s = try await studies.addSurvey(survey, to: made.id)
        _ = try await studies.addResponses(
            [
                RespondentRow(
                    line: 2, pseudonym: p1.pseudonym, attributes: [:], consent: nil, weight: nil,
                    answers: ["Q1": ["Yes"]])
            ],
            survey: s, to: made.id)
        return (made.id, p1)
    }

    /// Rows anywhere that still point at the participant.
    static func traces(_ database: Database, _ participant: String) async throws -> Int {
        try await database.withConnection { db in
            var total = 0
            for table in [
                "study_participants WHERE id", "study_documents WHERE participant_id",
                "study_responses WHERE participant_id", "study_memos WHERE participant_id",
                "findings WHERE participant_id",
            ] {
                total +=
                    try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) = \(bind: participant)").first()?
                    .decode(column: "n", as: Int.self) ?? 0
            }
            return total
                + (try await db.raw("SELECT COUNT(*) AS n FROM study_codings").first()?.decode(
                    column: "n", as: Int.self) ?? 0)
        }
    }

    @Test(
        "Erasure removes every row of the participant; a restore of a backup made before erases them again",
        arguments: TestDatabase.engines)
    func erasure(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent("statlas-study-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: backup) }
        var storage = try await TestDatabase.open(configuration)
        do {
            let (studyId, participant) = try await Self.study(storage)
            #expect(try await Self.traces(storage.database, participant.id) == 5)
            try await Backup.create(storage, to: backup)
            try await storage.services.studies.eraseParticipant(participant.id, of: studyId)
            #expect(try await Self.traces(storage.database, participant.id) == 0)
            #expect(try await storage.services.studies.participants(of: studyId).count == 1)
            await storage.shutdown()
            let (restored, reErased) = try await Backup.restore(
                configuration, from: backup, logger: Logger(label: "test"), passwordCost: 4,
                auditKey: TestDatabase.auditKey(configuration))
            storage = restored
            #expect(reErased == 1)
            #expect(try await Self.traces(storage.database, participant.id) == 0)
            #expect(try await storage.services.studies.participants(of: studyId).count == 1)
            #expect(try await storage.audit.verify().isIntact)
            if case .sqlite(let path) = configuration {
                for file in [path, path + "-wal"] {
                    let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
                    #expect(bytes.range(of: Data("Zanzibar".utf8)) == nil)
                }
            }
            await storage.shutdown()
        } catch {
            await storage.shutdown()
            await cleanup()
            throw error
        }
        await cleanup()
    }
}

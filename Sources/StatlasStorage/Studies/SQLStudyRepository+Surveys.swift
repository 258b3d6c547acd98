import Foundation
import SQLKit
import StatlasCore

/// A study's surveys and their responses, sealed like documents. Respondents are the study's participants.
extension SQLStudyRepository {
    public func addSurvey(_ submitted: Survey, to studyId: String) async throws -> Survey {
        var survey = submitted
        survey.title = survey.title.trimmedWhitespace()
        let errors = survey.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        survey.createdAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let slug = String(Slug.make(survey.title).prefix(40))
        survey.id = (slug.isEmpty ? "survey" : slug) + "-" + Self.randomPart()
        let made = survey
        try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            try await db.raw(
                """
                INSERT INTO study_surveys (study_id, id, sealed, created_at)
                VALUES (\(bind: studyId), \(bind: made.id), \(bind: try cipher.seal(json: made, study: studyId, item: made.id)),
                  \(bind: Timestamp.string(made.createdAt ?? Date())))
                """
            ).run()
        }
        return made
    }

    public func surveys(of studyId: String) async throws -> [Survey] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, sealed FROM study_surveys WHERE study_id = \(bind: studyId) ORDER BY created_at, id"
            ).all().map { row in
                try cipher.open(
                    Survey.self, try row.decode(column: "sealed", as: String.self), study: studyId,
                    item: try row.decode(column: "id", as: String.self))
            }
        }
    }

    public func addResponses(_ rows: [RespondentRow], survey: Survey, to studyId: String) async throws
        -> ResponseImport
    {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return try await database.transaction { db in
            try await Self.requireStudy(studyId, db)
            var existing: [String: StudyParticipant] = [:]
            for row in try await db.raw(
                "SELECT id, sealed FROM study_participants WHERE study_id = \(bind: studyId)"
            ).all() {
                let id = try row.decode(column: "id", as: String.self)
                let participant = try cipher.open(
                    StudyParticipant.self, try row.decode(column: "sealed", as: String.self), study: studyId, item: id)
                existing[participant.pseudonym.lowercased()] = participant
            }
            let answered = Set(
                try await db.raw(
                    "SELECT participant_id FROM study_responses WHERE study_id = \(bind: studyId) AND survey_id = \(bind: survey.id)"
                ).all().map { try $0.decode(column: "participant_id", as: String.self) })
            var result = ResponseImport()
            var problems: [FieldError] = []
            var seen: Set<String> = []
            for row in rows {
                let key = row.pseudonym.lowercased()
                if !seen.insert(key).inserted {
                    problems.append(
                        FieldError("line \(row.line)", "\(row.pseudonym) has a response on an earlier line"))
                    continue
                }
                var participant: StudyParticipant
                if var known = existing[key] {
                    if answered.contains(known.id) {
                        problems.append(
                            FieldError("line \(row.line)", "\(row.pseudonym) has already responded to this survey"))
                        continue
                    }
                    known.attributes.merge(row.attributes) { _, new in new }
                    if let consent = row.consent { known.consent = consent }
                    participant = known
                    try await db.raw(
                        "UPDATE study_participants SET sealed = \(bind: try cipher.seal(json: participant, study: studyId, item: participant.id)) WHERE study_id = \(bind: studyId) AND id = \(bind: participant.id)"
                    ).run()
                } else {
                    participant = StudyParticipant()
                    (participant.pseudonym, participant.attributes) = (row.pseudonym, row.attributes)
                    participant.consent = row.consent ?? Consent()
                    participant.createdAt = now
                    let errors = participant.validate()
                    if !errors.isEmpty {
                        problems += errors.map { FieldError("line \(row.line)", $0.message) }
                        continue
                    }
                    participant.id = try await Self.freeParticipantId(row.pseudonym, studyId, db)
                    try await insertParticipant(participant, studyId, now, db)
                    existing[key] = participant
                    result.newParticipants += 1
                }
                var response = SurveyResponse()
                (response.surveyId, response.participantId, response.weight) = (survey.id, participant.id, row.weight)
                let freeText = survey.questions.filter { $0.kind == .text }
                response.answers = row.answers.filter { id, _ in !freeText.contains { $0.id == id } }
                try await db.raw(
                    """
                    INSERT INTO study_responses (study_id, survey_id, participant_id, sealed, created_at)
                    VALUES (\(bind: studyId), \(bind: survey.id), \(bind: participant.id),
                      \(bind: try cipher.seal(json: response, study: studyId, item: survey.id + "/" + participant.id)),
                      \(bind: Timestamp.string(now)))
                    """
                ).run()
                result.responses += 1
                // Free-text answers: one document per respondent, one paragraph per question, to code.
                let paragraphs = freeText.compactMap { question -> String? in
                    let answer = DocumentText.normalise((row.answers[question.id] ?? []).joined(separator: " "))
                    return answer.isEmpty ? nil : "\(question.id). \(question.text)\n\(answer)"
                }
                if !paragraphs.isEmpty {
                    var document = StudyDocument()
                    document.id = UUID().uuidString.lowercased()
                    (document.participantId, document.title) = (participant.id, "\(survey.title): free-text answers")
                    document.surveyId = survey.id
                    document.text = paragraphs.joined(separator: "\n\n")
                    (document.length, document.createdAt) = (document.text.unicodeScalars.count, now)
                    try await insertDocument(document, studyId, now, db)
                    result.documents += 1
                }
            }
            guard problems.isEmpty else { throw StatlasError.invalid(problems) }
            return result
        }
    }

    public func responses(of studyId: String, survey surveyId: String) async throws -> [SurveyResponse] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT participant_id, sealed FROM study_responses WHERE study_id = \(bind: studyId) AND survey_id = \(bind: surveyId)"
            ).all().map { row in
                try cipher.open(
                    SurveyResponse.self, try row.decode(column: "sealed", as: String.self), study: studyId,
                    item: surveyId + "/" + (try row.decode(column: "participant_id", as: String.self)))
            }
        }
    }

    /// A participant id made from the pseudonym that no participant of the study has.
    static func freeParticipantId(_ pseudonym: String, _ studyId: String, _ db: any SQLDatabase) async throws
        -> String
    {
        let slug = Slug.make(pseudonym)
        guard !slug.isEmpty,
            try await db.raw(
                "SELECT id FROM study_participants WHERE study_id = \(bind: studyId) AND id = \(bind: slug)"
            ).first() == nil
        else { return UUID().uuidString.lowercased() }
        return slug
    }
}

import Foundation
import StatlasCore

/// Makes a study's findings from their sources — a survey question, a code, a coding — as they may be published:
/// every table through disclosure control, every quote through consent and the shared-attributes rule. A
/// finding is made again when approved and whenever a participant withdraws, so that no output keeps what a
/// withdrawn participant contributed.
public struct FindingMaker {
    public let studies: any StudyRepository

    public init(studies: any StudyRepository) { self.studies = studies }
    public var results: StudyResults { StudyResults(studies: studies) }

    /// A finding's published content made (again) from its source.
    public func make(_ submitted: Finding, _ study: Study) async throws -> Finding {
        var finding = submitted
        (finding.studyId, finding.studyTitle) = (study.id, study.title)
        let by = finding.source["by"]
        switch finding.kind {
        case .table:
            guard let question = finding.source["question"] else {
                throw StatlasError.invalid([FieldError("question", "A table finding needs the survey question's id")])
            }
            let table = try await results.table(study, question: question, survey: finding.source["survey"], by: by)
            let published = Publication.table(table, study.thresholds, caption: table.question.text)
            finding.table = published
            finding.summary = Self.tableSummary(published)
        case .frequency:
            guard let codeId = finding.source["codeId"] else {
                throw StatlasError.invalid([FieldError("codeId", "A frequency finding needs the code's id")])
            }
            let codes = try await studies.codes(of: study.id)
            guard let code = codes.first(where: { $0.id == codeId }) else {
                throw StatlasError.invalid([FieldError("codeId", "The codebook has no code with the id \(codeId)")])
            }
            let shown = [code] + codes.filter { $0.parentId == code.id }
            let counted = try await results.frequencies(study, by: by, coder: nil, only: Set(shown.map(\.id)))
            var published = Publication.frequencies(
                counted.table, study.thresholds, caption: "Interviewees coded \(code.name)")
            let names = Dictionary(counted.codes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            published.values = published.values.map { names[$0] ?? $0 }
            for i in published.cells.indices {
                published.cells[i].value = names[published.cells[i].value] ?? published.cells[i].value
            }
            finding.table = published
            let kind = StudyResults.factorKind(of: code, in: codes)
            finding.summary = Publication.summary(published, code: code.name, kind: kind)
            // Only the code's own factor: a finding about all barriers is not a finding about each of them.
            if finding.factorIds.isEmpty, let factor = code.factorId { finding.factorIds = [factor] }
        case .quote:
            guard let codingId = finding.source["codingId"] else {
                throw StatlasError.invalid([FieldError("codingId", "A quote finding needs the coding's id")])
            }
            guard
                let coding = try await studies.codings(of: study.id, coder: nil, code: nil, document: nil)
                    .first(where: { $0.id == codingId }),
                let document = try await studies.document(coding.documentId, of: study.id)
            else {
                throw StatlasError.invalid([FieldError("codingId", "The study has no coding with the id \(codingId)")])
            }
            // Those who could have said it: interviewees for an interview, the survey's respondents for an answer.
            let sources = Set(
                try await studies.documentIndex(of: study.id).filter { $0.surveyId == document.surveyId }.map(
                    \.participantId))
            let participants = try await studies.participants(of: study.id).filter { sources.contains($0.id) }
            guard let participant = participants.first(where: { $0.id == document.participantId }) else {
                throw StatlasError.invalid([
                    FieldError("codingId", "The coding's participant is no longer in the study")
                ])
            }
            let scalars = Array(document.text.unicodeScalars)
            let words = String(String.UnicodeScalarView(scalars[max(0, coding.start)..<min(scalars.count, coding.end)]))
            switch Publication.quote(words.trimmedWhitespace(), of: participant, among: participants, study.thresholds)
            {
            case .success(let quote):
                finding.quote = quote
                finding.source["participantId"] = participant.id
                let code = try await studies.codes(of: study.id).first { $0.id == coding.codeId }
                finding.summary = "A quote coded \(code?.name ?? coding.codeId)"
                if finding.factorIds.isEmpty, let factor = code?.factorId { finding.factorIds = [factor] }
            case .failure(let refusal):
                throw StatlasError.invalid([FieldError("codingId", refusal.description)])
            }
        }
        let errors = finding.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return finding
    }

    /// Makes every table and frequency finding of the study again (after a participant withdraws).
    public func refreshAll(_ study: Study) async throws {
        for finding in try await studies.findings(of: study.id)
        where finding.kind != .quote && finding.status != .withdrawn {
            _ = try await studies.saveFinding(try await make(finding, study))
        }
    }

    /// "“Yes” was the most common answer: 45% of 120 respondents", from published figures only.
    public static func tableSummary(_ table: PublishedTable) -> String {
        let total = table.groups.contains(SurveyTable.all) ? SurveyTable.all : table.groups.first ?? ""
        let cells = table.cells.filter { $0.group == total }
        guard let base = table.bases.first(where: { $0.group == total })?.count,
            let top = cells.compactMap({ cell in cell.percentage.map { (cell.value, $0) } }).max(by: { $0.1 < $1.1 })
        else {
            return "Too few respondents to publish the figures"
        }
        guard cells.allSatisfy({ $0.percentage != nil }) else {
            return "“\(top.0)”: \(top.1)% of \(base) \(table.unit)"
        }
        return "“\(top.0)” was the most common answer: \(top.1)% of \(base) \(table.unit)"
    }
}

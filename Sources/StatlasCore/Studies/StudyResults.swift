import Foundation
import StatlasCore

/// Computes a study's results from its stored content — survey tables, code frequencies, co-occurrence — for the
/// team's exact view, for disclosure-controlled previews and for findings. Withdrawn participants are left out
/// of every result.
public struct StudyResults {
    public let studies: any StudyRepository

    public init(studies: any StudyRepository) { self.studies = studies }

    /// The participants by id.
    public func participants(_ study: Study) async throws -> [String: StudyParticipant] {
        Dictionary(try await studies.participants(of: study.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The survey and question with id `question` (in survey `surveyId` when given), or a 422 naming the field.
    public func question(_ study: Study, _ question: String, survey surveyId: String?) async throws -> (
        Survey, SurveyQuestion
    ) {
        let surveys = try await studies.surveys(of: study.id).filter { surveyId == nil || $0.id == surveyId }
        if let surveyId, surveys.isEmpty {
            throw StatlasError.invalid([FieldError("survey", "The study has no survey with the id \(surveyId)")])
        }
        guard let survey = surveys.first(where: { $0.question(question) != nil }),
            let found = survey.question(question)
        else {
            throw StatlasError.invalid([FieldError("question", "No survey of the study has a question \(question)")])
        }
        guard found.kind != .text else {
            throw StatlasError.invalid([
                FieldError("question", "\(question) is free text: its answers are documents to code, not a table")
            ])
        }
        return (survey, found)
    }

    /// A survey question tabulated, by an attribute when given.
    public func table(_ study: Study, question id: String, survey: String?, by: String?) async throws -> SurveyTable {
        let (survey, question) = try await question(study, id, survey: survey)
        let responses = try await studies.responses(of: study.id, survey: survey.id)
        return SurveyTable(
            question: question, responses: responses, participants: try await participants(study), by: by)
    }

    /// Code frequencies among interviewees, for the codes `only` (all when nil), by an attribute when given, from
    /// one coder's codings when given.
    public func frequencies(_ study: Study, by: String?, coder: String?, only: Set<String>? = nil) async throws -> (
        table: CountTable, segments: [String: Int], codes: [StudyCode]
    ) {
        // Counting a code takes in the codes under it, so count over the whole codebook, then keep `only`.
        let all = try await studies.codes(of: study.id)
        let full = CodeAnalysis.frequencies(
            codes: all, codings: try await studies.codings(of: study.id, coder: coder, code: nil, document: nil),
            documents: try await studies.documentIndex(of: study.id), participants: try await participants(study),
            by: by)
        guard let only else { return (full.table, full.segments, all) }
        let kept = all.indices.filter { only.contains(all[$0].id) }
        var table = full.table
        table.values = kept.map { all[$0].name }
        table.counts = full.table.counts.map { row in kept.map { row[$0] } }
        return (table, full.segments, kept.map { all[$0] })
    }

    /// The root of a code's branch, read as a factor kind ("Barrier" or "Barriers" → barrier).
    public static func factorKind(of code: StudyCode, in codes: [StudyCode]) -> FactorKind? {
        var current = code
        var seen: Set<String> = []
        while let parent = current.parentId, seen.insert(parent).inserted,
            let next = codes.first(where: { $0.id == parent })
        {
            current = next
        }
        var name = current.name.lowercased()
        if name.hasSuffix("s") { name.removeLast() }
        return FactorKind(rawValue: name)
    }
}

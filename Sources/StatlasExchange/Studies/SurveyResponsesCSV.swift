import Foundation
import StatlasCore

/// Reads a survey's responses from CSV as online survey tools export them: a `respondent` column (the pseudonym),
/// one column per question (its id, or its text as the tool wrote it), multiple choices separated by `;`, and any
/// other column an attribute of the respondent — except `weight` and the consent columns (`consent_interview`,
/// `consent_recording`, `consent_quotation`, `consent_follow_up`, `consent_date`, `withdrawn`). Every problem is
/// reported with its line; nothing is read from a file with any.
public enum SurveyResponsesCSV {
    /// The columns that say what a respondent consented to, by the consent field they set.
    static let consentColumns = [
        "consent_interview": "interview", "consent_recording": "recording", "consent_quotation": "quotation",
        "consent_follow_up": "followUp", "consent_followup": "followUp", "withdrawn": "withdrawn",
    ]

    public static func read(_ data: Data, survey: Survey) throws -> [RespondentRow] {
        let table = try CSVTable.parse(data)
        guard let respondentColumn = table.header.firstIndex(where: { $0.lowercased() == "respondent" }) else {
            throw ImportError(problems: [ImportProblem("line 1", "the header has no respondent column")])
        }
        // Which question each column answers: by id, else by the question's text.
        var questionOf: [Int: SurveyQuestion] = [:]
        for (index, name) in table.header.enumerated() {
            if let question = survey.questions.first(where: { $0.id == name })
                ?? survey.questions.first(where: { $0.text.trimmedWhitespace() == name })
            {
                questionOf[index] = question
            }
        }
        var problems: [ImportProblem] = []
        if questionOf.isEmpty {
            problems.append(
                ImportProblem(
                    "line 1",
                    "no column is a question of the survey (\(survey.questions.map(\.id).joined(separator: ", ")))"))
        }
        var rows: [RespondentRow] = []
        for row in table.rows {
            let at = "line \(row.line)"
            let pseudonym = row.fields[respondentColumn].trimmedWhitespace()
            if pseudonym.isEmpty { problems.append(ImportProblem(at, field: "respondent", "the respondent is blank")) }
            var attributes: [String: String] = [:]
            var answers: [String: [String]] = [:]
            var consent = Consent()
            var consentGiven = false
            var weight: Double?
            for (index, raw) in row.fields.enumerated() where index != respondentColumn {
                let name = table.header[index]
                let value = CSVOutput.restore(raw.trimmedWhitespace())
                if let question = questionOf[index] {
                    do {
                        let given = try answer(value, question)
                        if !given.isEmpty { answers[question.id] = given }
                    } catch {
                        problems.append(ImportProblem(at, field: question.id, error.message))
                    }
                } else if name.lowercased() == "weight" {
                    guard !value.isEmpty else { continue }
                    if let w = Double(value), w.isFinite, w > 0, w <= 1_000_000 {
                        weight = w
                    } else {
                        problems.append(
                            ImportProblem(at, field: "weight", "weight must be a number above 0 and at most 1,000,000"))
                    }
                } else if let field = consentColumns[name.lowercased()] {
                    guard !value.isEmpty else { continue }
                    guard let flag = Self.flag(value) else {
                        problems.append(ImportProblem(at, field: name, "\(name) must be yes or no"))
                        continue
                    }
                    consentGiven = true
                    switch field {
                    case "interview": consent.interview = flag
                    case "recording": consent.recording = flag
                    case "quotation": consent.quotation = flag
                    case "followUp": consent.followUp = flag
                    default: consent.withdrawn = flag
                    }
                } else if name.lowercased() == "consent_date" {
                    guard !value.isEmpty else { continue }
                    if let date = CalendarDate(value) {
                        consent.date = date
                        consentGiven = true
                    } else {
                        problems.append(
                            ImportProblem(at, field: name, "consent_date must be a date written 2026-03-31"))
                    }
                } else if !value.isEmpty && !name.isEmpty {
                    attributes[name] = value
                }
            }
            rows.append(
                RespondentRow(
                    line: row.line, pseudonym: pseudonym, attributes: attributes, consent: consentGiven ? consent : nil,
                    weight: weight, answers: answers))
        }
        if rows.isEmpty { problems.append(ImportProblem("line 2", "the file has no responses")) }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return rows
    }

    /// A cell's answers to `question`: options as the survey spells them (any case), numbers in canonical form.
    static func answer(_ value: String, _ question: SurveyQuestion) throws(AnswerProblem) -> [String] {
        guard !value.isEmpty else { return ([]) }
        func option(_ text: String) -> String? {
            question.options.first { $0.lowercased() == text.lowercased() }
        }
        switch question.kind {
        case .text:
            return ([value])
        case .multiple:
            var chosen: [String] = []
            for part in value.split(separator: ";").map({ String($0).trimmedWhitespace() }) where !part.isEmpty {
                guard let match = option(part) else {
                    throw AnswerProblem(message: "“\(part.prefix(80))” is not an option of \(question.id)")
                }
                if !chosen.contains(match) { chosen.append(match) }
            }
            return (chosen)
        case .single, .scale:
            if let match = option(value) { return ([match]) }
            if question.kind == .scale && question.options.isEmpty, let n = number(value) { return ([n]) }
            throw AnswerProblem(message: "“\(value.prefix(80))” is not an option of \(question.id)")
        case .number:
            guard let n = number(value) else { throw AnswerProblem(message: "\(question.id) must be a number") }
            return ([n])
        }
    }

    /// A number written plainly, bounded; as text without a needless ".0".
    /// Why a cell is not an answer to its question.
    struct AnswerProblem: Error { let message: String }

    static func number(_ text: String) -> String? {
        guard let value = Double(text.replacingOccurrences(of: ",", with: "")), value.isFinite,
            abs(value) <= 1e12
        else { return nil }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes", "y", "true", "1": true
        case "no", "n", "false", "0": false
        default: nil
        }
    }
}

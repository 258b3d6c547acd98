import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// A study's surveys: questions, responses imported from CSV as survey tools export them, and tables of counts
/// and percentages with 95% Wilson intervals — the team's exact table, or with `disclosure=controlled` the table
/// as it would be published.
struct StudySurveyController {
    let api: StudiesController
    var results: StudyResults { StudyResults(studies: api.studies) }

    func register(on routes: RouteTable) {
        let base = StudiesController.base + "/{id}"
        routes.add(.get, base + "/surveys", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let items = try await api.studies.surveys(of: study.id)
            try await api.recordRead(study, "surveys", context)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/surveys", .signedIn) { request, context in
            let study = try await api.contributing(context)
            let survey = try Self.survey(json: try await JSONResponse.body(request, context: context))
            let added = try await api.studies.addSurvey(survey, to: study.id)
            try await api.recordChange(study, "added survey \(added.id)", context)
            return try JSONResponse.make(
                added, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/surveys"])
        }
        routes.add(.post, base + "/surveys/{surveyId}/responses", .signedIn) { request, context in
            let study = try await api.contributing(context)
            let id = context.parameters.get("surveyId") ?? ""
            guard let survey = try await api.studies.surveys(of: study.id).first(where: { $0.id == id }) else {
                throw APIFailure.notFound("The study has no survey with the id \(id).")
            }
            let data = try await JSONResponse.body(request, context: context, accepting: ["csv", "text/plain"])
            let rows: [RespondentRow]
            do {
                rows = try SurveyResponsesCSV.read(data, survey: survey)
            } catch let error as ImportError {
                throw StatlasError.invalid(
                    error.problems.map { FieldError($0.location, ($0.field.map { "\($0): " } ?? "") + $0.message) })
            }
            let imported = try await api.studies.addResponses(rows, survey: survey, to: study.id)
            try await api.recordChange(
                study, "imported \(imported.responses) responses to survey \(survey.id)", context)
            return try JSONResponse.make(imported, status: .created)
        }
        routes.add(.get, base + "/tables", .signedIn, query: ["question", "by", "survey", "disclosure"]) { _, context in
            let (study, _) = try await api.readable(context)
            var query = context.query
            let controlled = query.controlled()
            let question = query.text("question", max: 60)
            let by = query.text("by", max: 60)
            if question == nil { query.errors.append(FieldError("question", "Give the question's id: question=Q1")) }
            try query.finish()
            let table = try await results.table(study, question: question ?? "", survey: query.text("survey"), by: by)
            try await api.recordRead(study, "table of \(table.question.id)", context)
            return try JSONResponse.make(
                controlled
                    ? TableAnswer(controlled: table, study.thresholds) : TableAnswer(exact: table))
        }
    }

    /// A table as answered: the question, the breakdown, cells, each group's base and any flags.
    struct TableAnswer: Encodable {
        struct Cell: Encodable {
            var group: String
            var value: String
            var count: Int?
            var percentage: Double?
            var wilsonLow: Double?
            var wilsonHigh: Double?
            var suppressed: Bool
        }
        var question: SurveyQuestion
        var by: String?
        var disclosure: String
        var cells: [Cell]
        var bases: [PublishedBase]
        var flags: [DisclosureFlag]

        init(exact table: SurveyTable) {
            (question, by, disclosure) = (table.question, table.by, "exact")
            cells = table.cells.map {
                Cell(
                    group: $0.group, value: $0.value, count: $0.count, percentage: $0.percentage,
                    wilsonLow: $0.wilsonLow, wilsonHigh: $0.wilsonHigh, suppressed: false)
            }
            var bases = zip(table.counts.groups, table.counts.bases).map {
                PublishedBase(group: $0, count: $1, suppressed: false)
            }
            if table.counts.groups.count > 1 {
                bases.append(PublishedBase(group: SurveyTable.all, count: table.counts.total, suppressed: false))
            }
            self.bases = bases
            flags = DisclosureControl.groupDisclosure(table.counts)
        }

        init(controlled table: SurveyTable, _ thresholds: DisclosureThresholds) {
            let published = Publication.table(table, thresholds, caption: table.question.text)
            (question, by, disclosure) = (table.question, table.by, "controlled")
            cells = published.cells.map {
                Cell(
                    group: $0.group, value: $0.value, count: $0.count,
                    percentage: $0.percentage.map(Double.init), wilsonLow: $0.wilsonLow.map(Double.init),
                    wilsonHigh: $0.wilsonHigh.map(Double.init), suppressed: $0.suppressed)
            }
            (bases, flags) = (published.bases, published.flags)
        }
    }

    /// A survey from `{"title", "questions": [{"id", "text", "kind", "options"}]}`; every mistake at once.
    static func survey(json body: Data) throws -> Survey {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        var errors: [FieldError] = []
        var survey = Survey()
        for (name, value) in object {
            switch (name, value) {
            case ("title", .string(let title)): survey.title = title
            case ("questions", .array(let list)):
                for (n, item) in list.enumerated() {
                    guard case .object(let fields) = item else {
                        errors.append(FieldError("questions[\(n)]", "Each question is an object"))
                        continue
                    }
                    var question = SurveyQuestion()
                    for (key, value) in fields {
                        let field = "questions[\(n)].\(key)"
                        switch (key, value) {
                        case ("id", .string(let id)): question.id = id.trimmedWhitespace()
                        case ("text", .string(let text)): question.text = text.trimmedWhitespace()
                        case ("kind", .string(let kind)):
                            if let known = QuestionKind.named(kind) {
                                question.kind = known
                            } else {
                                errors.append(
                                    FieldError(field, "kind must be one of: single, multiple, scale, number, text"))
                            }
                        case ("options", .array(let options)):
                            question.options = options.compactMap {
                                if case .string(let option) = $0 { return option.trimmedWhitespace() }
                                errors.append(FieldError(field, "Each option is a string"))
                                return nil
                            }
                        case ("id", _), ("text", _), ("kind", _):
                            errors.append(FieldError(field, "\(key) must be a string"))
                        case ("options", _): errors.append(FieldError(field, "options must be a list of strings"))
                        default: errors.append(FieldError(field, "\(key) is not a field of a question"))
                        }
                    }
                    survey.questions.append(question)
                }
            case ("title", _): errors.append(FieldError("title", "title must be a string"))
            case ("questions", _): errors.append(FieldError("questions", "questions must be a list"))
            default: errors.append(FieldError(name, "\(name) is not a field of a survey"))
            }
        }
        errors += survey.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return survey
    }
}

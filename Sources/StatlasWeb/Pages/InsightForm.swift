import Foundation
import Hummingbird
import StatlasCore

/// The filter forms of the insight pages (GET forms; their fields mirror the API's query parameters).
enum InsightForm {
    /// Turns GOV.UK date inputs (`from.day`, `from.month`, `from.year`) into `from=YYYY-MM-DD`; a partly
    /// filled date is passed on as typed so that it gets an error.
    static func composeDates(_ p: inout [String: String], _ names: [String]) {
        for name in names where p[name] == nil {
            let parts = ["year", "month", "day"].map { (p["\(name).\($0)"] ?? "").trimmingCharacters(in: .whitespaces) }
            guard parts.contains(where: { !$0.isEmpty }) else { continue }
            let (year, month, day) = (parts[0], parts[1], parts[2])
            p[name] =
                String(repeating: "0", count: max(0, 4 - year.count)) + year + "-"
                + (month.count == 1 ? "0" + month : month) + "-" + (day.count == 1 ? "0" + day : day)
        }
    }

    /// A filter form's fields from the query, and the error summary (messages in the form's own words, each
    /// linked to its field) when the query was refused. Keys in `multiple` hold comma-separated choices,
    /// all of the given defaults when absent.
    static func form(
        _ p: [String: String], specs: [FieldSpec], refused errors: [FieldError] = [],
        options: [EntityKind: [ChoiceOption]] = [:], multiple: [String: [String]] = [:]
    )
        -> (fields: [FieldView], errorSummary: [ErrorLinkView])
    {
        var form = FormData()
        for (key, value) in p.sorted(by: { $0.key < $1.key }) where multiple[key] == nil { form.append(key, value) }
        for spec in specs {
            guard case .date = spec.kind, let date = p[spec.name], let day = CalendarDate(date) else { continue }
            form.append("\(spec.name).day", "\(day.day)")
            form.append("\(spec.name).month", "\(day.month)")
            form.append("\(spec.name).year", "\(day.year)")
        }
        for (key, defaults) in multiple.sorted(by: { $0.key < $1.key }) {
            for value in p[key].map({ $0.split(separator: ",").map(String.init) }) ?? defaults {
                form.append(key, value)
            }
        }
        let worded = errors.map { error -> FieldError in
            guard let spec = specs.first(where: { $0.name == error.field }), case .date = spec.kind else {
                return error
            }
            // A date that parses was refused for its order; otherwise it is not a real date.
            return p[error.field].flatMap(CalendarDate.init) != nil
                ? FieldError(
                    error.field,
                    "The date for \(spec.label.prefix(1).lowercased() + spec.label.dropFirst()) must be the same as or after the other date"
                )
                : FieldError(error.field, "\(spec.label) must be a real date, like 1 4 2024")
        }
        let messages = Dictionary(worded.map { ($0.field, $0.message) }, uniquingKeysWith: { a, _ in a })
        let summary = worded.map { error in
            ErrorLinkView(
                target: specs.first { $0.name == error.field }.map {
                    FormView.target(error.field, $0, options: options)
                } ?? FormView.id(error.field),
                message: error.message)
        }
        return (fields(specs, form: form, errors: messages, options: options), summary)
    }

    /// The fields of a filter form, whose selects offer "Any" when left blank.
    static func fields(
        _ specs: [FieldSpec], form: FormData, errors: [String: String], options: [EntityKind: [ChoiceOption]]
    )
        -> [FieldView]
    {
        var fields = FormView(form: form, errors: errors, options: options).fields(specs)
        for i in fields.indices where fields[i].isSelect { fields[i].emptyLabel = "Any" }
        return fields
    }

    /// Reads an insight page's filter with `parse`. When it is refused, returns nil and puts the form with
    /// every error in `model` (the caller answers 422); otherwise puts the form as filled in and returns the filter.
    static func read<Filter>(
        _ p: [String: String], specs: [FieldSpec], options: [EntityKind: [ChoiceOption]],
        multiple: [String: [String]] = [:], into model: inout InsightPageView, _ parse: () async throws -> Filter
    ) async throws -> Filter? {
        do {
            let filter = try await parse()
            model.fields = form(p, specs: specs, options: options, multiple: multiple).fields
            return filter
        } catch StatlasError.invalid(let errors) {
            let refused = form(p, specs: specs, refused: errors, options: options, multiple: multiple)
            (model.fields, model.errorSummary, model.openFilters) = (refused.fields, refused.errorSummary, true)
            return nil
        }
    }

    /// An insight page: the filter form read from `p` with `parse`; when it is refused, the form with every error
    /// (422), otherwise the sections the filter selects.
    static func page<Filter>(
        _ model: InsightPageView, title: String, section: String, pages: PageRenderer, context: StatlasRequestContext,
        _ p: [String: String], specs: [FieldSpec], options: [EntityKind: [ChoiceOption]],
        multiple: [String: [String]] = [:],
        parse: () async throws -> Filter, sections: (Filter) async throws -> [SectionView]
    ) async throws -> Response {
        var model = model
        guard let filter = try await read(p, specs: specs, options: options, multiple: multiple, into: &model, parse)
        else {
            return pages.refused(model, title: title, context: context, section: section)
        }
        model.sections = try await sections(filter)
        return pages.page(
            model, title: title, context: context, section: section,
            meta: PageMeta(alternates: Self.alternates(model.sections)))
    }

    /// The page's downloads as alternates for the head: each CSV and JSON link, named by its section.
    static func alternates(_ sections: [SectionView]) -> [AlternateView] {
        var seen = Set<String>()
        return sections.flatMap { section in
            (section.downloads?.links ?? []).compactMap { link -> AlternateView? in
                guard let href = link.href, seen.insert(href).inserted else { return nil }
                let type: String? =
                    link.text.contains("CSV") ? "text/csv" : link.text.contains("JSON") ? "application/json" : nil
                return type.map { AlternateView(type: $0, href: href, title: "\(section.heading) (\(link.text))") }
            }
        }
    }

    static let networkMultiple = ["sources": NetworkSource.allCases.map(\.rawValue)]

    static let networkSpecs = [
        FieldSpec("from", "Work running on or after", .date, hint: "For example, 1 4 2024"),
        FieldSpec("to", "Work starting on or before", .date),
        FieldSpec("theme", "Theme", .reference(.theme)),
        FieldSpec(
            "collaborationKind", "Kind of collaboration", .choice(ChoiceOption.all(CollaborationKind.self)),
            hint: "Choosing one leaves out activities and memberships"),
        FieldSpec("nation", "Organisations serving", .choice(ChoiceOption.all(Nation.self))),
        FieldSpec("organisationKind", "Kind of organisation", .choice(ChoiceOption.all(OrganisationKind.self))),
        FieldSpec("sources", "Ties from", .choices(ChoiceOption.all(NetworkSource.self))),
        FieldSpec(
            "group", "Group organisations by (for brokerage)",
            .choice([ChoiceOption("kind", "Kind of organisation"), ChoiceOption("nation", "Nation")])),
        FieldSpec(
            "colour", "Colour the drawing by",
            .choice([ChoiceOption("kind", "Kind of organisation"), ChoiceOption("community", "Community")])),
        FieldSpec("weighted", "Weight ties by the amount of shared work", .bool),
        FieldSpec("isolates", "Include organisations with no ties", .bool),
    ]
}

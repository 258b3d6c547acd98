import Foundation
import StatlasCore

/// The pieces of the "filter a list" page shared by every collection: headings, filter fields, result
/// items and pagination that keeps the filters.
enum ListPage {
    static func heading(_ kind: EntityKind) -> String {
        kind == .relationship
            ? "Stakeholder relationships"
            : kind.collection.prefix(1).uppercased()
                + kind.collection.dropFirst().replacingOccurrences(of: "-", with: " ")
    }

    static func article(_ noun: String) -> String { "aeiou".contains(noun.prefix(1)) ? "an" : "a" }

    static func resultsText(_ total: Int, noun kind: EntityKind) -> String {
        total == 1 ? "1 \(kind.noun) found" : "\(total.formatted()) \(heading(kind).lowercased()) found"
    }

    /// The filter form: search words, one field per filter of the collection, and sort order.
    /// A filter that names no single record (`References.resolveFilters`) shows its problem, and its candidates
    /// as links to the list filtered by each (`path`, keeping the other parameters).
    static func filterFields<R: Record>(
        for type: R.Type, parameters: [String: String], options: [EntityKind: [ChoiceOption]],
        errors: [FieldError] = [], path: String = ""
    ) -> [FieldView] {
        var specs = [FieldSpec("q", "Search words")]
        for filter in R.filters {
            let label = Self.words(filter.name)
            if let allowed = filter.allowed {
                let field = R.fields.first { $0.name == filter.name || $0.name == filter.name + "s" }
                specs.append(
                    FieldSpec(
                        filter.name, label,
                        .choice(
                            allowed.map {
                                ChoiceOption($0, filter.labels?[$0] ?? field?.label(for: $0) ?? Self.label($0))
                            }
                        )))
            } else if let kind = filter.targetKind {
                specs.append(FieldSpec(filter.name, label, .reference(kind)))
            } else if filter.source == .from || filter.source == .to {
                specs.append(
                    FieldSpec(
                        filter.name, filter.source == .from ? "On or after (YYYY-MM-DD)" : "On or before (YYYY-MM-DD)"))
            } else {
                specs.append(FieldSpec(filter.name, label))
            }
        }
        specs.append(FieldSpec("sort", "Sort by", .choice(sortOptions)))
        var form = FormData()
        for (name, value) in parameters { form.append(name, value) }
        let problems = Dictionary(errors.map { ($0.field, $0) }, uniquingKeysWith: { a, _ in a })
        let view = FormView(form: form, errors: problems.mapValues(\.message), options: options)
        return specs.map { spec in
            var model = view.field(spec, key: spec.name)
            model.required = true  // no "(optional)" on filters
            if model.isSelect { model.emptyLabel = "Any" }
            (model.hint, model.describedBy) = (.none, .none)
            if let problem = problems[spec.name] {
                model.describedBy = Maybe(model.id + "-error")
                model.candidates = (problem.candidates ?? []).map { candidate in
                    var chosen = parameters.filter { $0.key != "page" && $0.key != "offset" }
                    chosen[spec.name] = candidate.id
                    return CandidateView(
                        name: candidate.name, href: Maybe(url(path, chosen)), candidateId: candidate.id)
                }
                model.hasCandidates = !model.candidates.isEmpty
            }
            return model
        }
    }

    /// `path` with `parameters` as its query, in name order.
    static func url(_ path: String, _ parameters: [String: String]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = parameters.sorted { $0.key < $1.key }.map {
            URLQueryItem(name: $0.key, value: $0.value)
        }
        return components.string ?? path
    }

    static let sortOptions = [
        ChoiceOption("title", "Name (A to Z)"), ChoiceOption("-title", "Name (Z to A)"),
        ChoiceOption("-updated", "Recently changed"), ChoiceOption("start", "Start date"),
        ChoiceOption("-start", "Start date (latest first)"), ChoiceOption("relevance", "Relevance (with search words)"),
    ]

    /// A parameter name in words: `factorKind` → "Factor kind".
    static func words(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars {
            if scalar.properties.isUppercase && !text.isEmpty {
                text += " " + String(scalar).lowercased()
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    static func label(_ raw: String) -> String {
        let text = raw.replacingOccurrences(of: "-", with: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }

    /// The facets a result shows as tags.
    static let tagged: Set<String> = [
        "kind", "nation", "status", "role", "designation", "level", "approach", "mode", "audience",
    ]
    /// How many Unicode scalars of a record's text a result shows.
    static let summaryLength = 240

    /// The names of the records the results' listed links (`Record.listedLinks`) refer to, by kind and id.
    static func listedNames<R: Record>(_ records: [R], repository: any RecordRepository) async throws -> [EntityKind:
        [String: String]]
    {
        let relations = Set(R.listedLinks.map(\.relation))
        guard !relations.isEmpty else { return [:] }
        var ids: [EntityKind: Set<String>] = [:]
        for link in records.flatMap(\.links) where relations.contains(link.relation) {
            ids[link.target, default: []].insert(link.id)
        }
        return try await repository.titles(ids)
    }

    /// What a result says under its title: its dates, and the records of its listed links by name
    /// ("15 May 2024 · Organised by Office for National Statistics").
    static func meta<R: Record>(_ record: R, names: [EntityKind: [String: String]]) -> String? {
        var parts: [String] = []
        if let start = record.startDate {
            let end = record.endDate.flatMap { $0 == start ? nil : $0 }
            parts.append(RecordDisplay.format(start) + (end.map { " to " + RecordDisplay.format($0) } ?? ""))
        }
        for listed in R.listedLinks {
            let named = record.links.filter { $0.relation == listed.relation }.map { names[$0.target]?[$0.id] ?? $0.id }
            if !named.isEmpty { parts.append(listed.label + " " + named.joined(separator: ", ")) }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// One result: title, link, a short summary and tags for its plain values.
    static func item<R: Record>(_ record: R, names: [EntityKind: [String: String]] = [:]) -> ResultItemView {
        let tags = record.tags.filter { tagged.contains($0.name) }.prefix(6).map { facet -> String in
            if let label = R.filters.first(where: { $0.name == facet.name })?.labels?[facet.value] { return label }
            let field = R.fields.first { $0.name == facet.name || $0.name == facet.name + "s" }
            return field?.label(for: facet.value) ?? label(facet.value)
        }
        return ResultItemView(
            title: record.title.isEmpty ? record.id : record.title(names: names),
            href: RecordPaths.path(R.kind, record.id),
            summary: summary(record.searchText), tags: Array(tags), hasTags: !tags.isEmpty,
            meta: meta(record, names: names))
    }

    /// The text without surrounding white space, cut to `summaryLength` Unicode scalars (with "…" when cut);
    /// nil when nothing is left. Measured on scalars, not `Character`s, and without bridging to `NSString`.
    static func summary(_ text: String) -> String? {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        let trimmed = scalars[first...last]
        guard let end = trimmed.index(first, offsetBy: summaryLength, limitedBy: trimmed.endIndex),
            end < trimmed.endIndex
        else { return String(Substring(trimmed)) }
        return String(Substring(trimmed[first..<end])) + "…"
    }

    /// Previous/next links keeping every filter, or nil when everything fits on one page.
    static func pagination(path: String, parameters: [String: String], query: ListQuery, total: Int) -> PaginationView?
    {
        let pages = max(1, (total + query.limit - 1) / query.limit)
        let page = query.offset / query.limit + 1
        guard pages > 1 else { return nil }
        func url(_ number: Int) -> String {
            Self.url(
                path,
                parameters.filter { $0.key != "page" && $0.key != "offset" }.merging(["page": String(number)]) { $1 })
        }
        return PaginationView(
            page: page, pages: pages, previous: page > 1 ? url(page - 1) : nil, next: page < pages ? url(page + 1) : nil
        )
    }
}

/// One result of a list: title, link, summary and tags.
struct ResultItemView: Sendable {
    var title: String
    var href: String
    var summary: String?
    var tags: [String]
    var hasTags: Bool
    /// Its dates and the records it names (`ListPage.meta`).
    var meta: String?
}

/// Previous and next links of a paged list.
struct PaginationView: Sendable {
    var page: Int
    var pages: Int
    var previous: String?
    var next: String?
}

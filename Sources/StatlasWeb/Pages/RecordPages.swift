import Foundation
import Hummingbird
import StatlasCore

/// The browser pages for one kind of record: the "filter a list" page and the detail page. One generic
/// controller serves every collection; `RecordForms` adds the create, edit and delete journeys.
struct RecordPages<R: Record> {
    let repository: any RecordRepository
    let pages: PageRenderer
    let extras: DetailExtras
    let audit: any AuditRepository
    var base: String { "/" + R.kind.collection }

    func register(on routes: RouteTable) {
        routes.add(.get, base, .everyone, query: ListQuery.parameterNames(for: R.self) + ["deleted"], shared: true) {
            request, context in try await list(request, context)
        }
        routes.add(.get, base + "/{id}", .everyone, query: ["saved"], shared: true) { request, context in
            try await detail(request, context)
        }
    }

    func list(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let parameters = context.query.parameters.compactMapValues { value -> String? in
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }.filter { $0.key != "deleted" }
        let options = try await ReferenceOptions.load(for: R.filters.compactMap(\.targetKind), repository: repository)
        var model = ListPageView(
            heading: ListPage.heading(R.kind), base: base, noun: R.kind.noun, article: ListPage.article(R.kind.noun),
            canCreate: context.principal.map { Access.denial($0, creatingAny: R.self) == nil } == true,
            createHref: base + "/new",
            filterFields: ListPage.filterFields(for: R.self, parameters: parameters, options: options))
        do {
            let resolved = try await References.resolveFilters(R.self, parameters, in: repository)
            let query = try ListQuery.parse(resolved.parameters, for: R.self)
            let page = try await repository.list(R.self, query)
            model.resultsText = ListPage.resultsText(page.total, noun: R.kind)
            let names = try await ListPage.listedNames(page.items, repository: repository)
            model.items = page.items.map { ListPage.item($0, names: names) }
            model.pagination = ListPage.pagination(path: base, parameters: parameters, query: query, total: page.total)
        } catch StatlasError.invalid(let errors) {
            model.errorSummary = errors.map { ErrorLinkView(target: FormView.id($0.field), message: $0.message) }
            model.filterFields = ListPage.filterFields(
                for: R.self, parameters: parameters, options: options, errors: errors, path: base)
            return pages.page(
                model, title: ListPage.heading(R.kind), context: context, status: .badRequest, failed: true,
                section: base)
        }
        let success = context.query.given("deleted") ? "The \(R.kind.noun) has been deleted" : nil
        let meta = PageMeta(
            description:
                "\(ListPage.heading(R.kind)) in Statlas, the register of the UK statistical system: \(model.resultsText.lowercased()).",
            alternates: Self.listAlternates(context))
        return pages.page(
            model, title: ListPage.heading(R.kind), context: context, section: base, success: success, meta: meta)
    }

    func detail(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let id = try context.recordId()
        let stored = try await repository.get(R.self, id: id)
        let record = context.user == nil ? stored.publicView() : stored
        // The page's address asked for JSON gives what the API gives for the record.
        if request.prefersJSON {
            var response = try JSONResponse.make(record, headers: [.eTag: ETag.make(stored.version)])
            response.headers[.contentLocation] = "/api/v1/\(R.kind.collection)/\(record.id)"
            response.headers[.vary] = "Accept, Cookie"
            return response
        }
        let object = RecordCodec.object(record) ?? [:]
        let fields = RecordDisplay.fields(R.self)
        let display = RecordDisplay(
            titles: try await repository.titles(RecordDisplay.references(in: object, fields: fields)))
        let extra = try await extras.sections(for: record, context: context)
        let named = record.title(names: display.titles)
        var sections = extra.sections
        if context.user != nil {
            sections.append(
                HistorySection.section(try await audit.history(R.kind, id: record.id, limit: HistorySection.limit)))
        }
        let actor = context.principal
        let model = DetailPageView(
            caption: R.kind.noun.prefix(1).uppercased() + R.kind.noun.dropFirst(),
            heading: extra.heading ?? named,
            tags: record.badges + (record.demo ? ["Demo record"] : []), hasTags: record.demo || !record.badges.isEmpty,
            canEdit: actor.map { Access.mayOpenEditForm($0, stored) } == true,
            canDelete: actor.map { Access.denial($0, deleting: stored) == nil } == true,
            editHref: RecordPaths.path(R.kind, record.id) + "/edit",
            deleteHref: RecordPaths.path(R.kind, record.id) + "/delete",
            // A field a section of the page shows in full (a resource's body, rendered) is not repeated.
            sections: sections,
            rows: display.rows(object, fields: fields).filter { row in !sections.contains { $0.heading == row.label } },
            // A group a section of the page already shows in full (a dataset's coverage) is not tabulated again.
            tables: display.tables(object, fields: fields).filter { table in
                !sections.contains { $0.heading == table.caption }
            },
            related: RelatedRecords.groups(try await repository.referrers(to: R.kind, id: record.id)),
            version: record.version, updated: record.updatedAt.map { RecordDisplay.format(CalendarDate($0)) },
            apiHref: "/api/v1/\(R.kind.collection)/\(record.id)")
        let success: String? =
            switch context.query.parameters["saved"] {
            case nil: nil
            case "equivalent-confirmed": "The equivalent has been recorded"
            case "equivalent-dismissed": "The suggestion has been dismissed: it will not be suggested again"
            case "1": "The \(R.kind.noun) has been saved"
            default: nil  // a crafted link does not claim a save
            }
        var alternates = [
            AlternateView(type: "application/json", href: "/api/v1/\(R.kind.collection)/\(record.id)", title: "JSON")
        ]
        if R.kind == .activity {
            alternates.append(
                AlternateView(
                    type: "text/calendar", href: "/activities/\(record.id).ics", title: "a calendar event (.ics)"))
        }
        let description = ["summary", "description", "notes"].lazy.compactMap { name -> String? in
            if case .string(let text)? = object[name], !text.isEmpty { return text }
            return nil
        }.first
        return pages.page(
            model, title: extra.heading ?? named, context: context, section: base, success: success,
            jsonLD: extra.jsonLD,
            meta: PageMeta(
                description: description ?? "\(model.caption) in Statlas, the register of the UK statistical system.",
                type: "article", alternates: alternates))
    }

    /// A list's other formats, with its filters: JSON always; Atom for the kinds with a feed; iCalendar for
    /// activities.
    static func listAlternates(_ context: StatlasRequestContext) -> [AlternateView] {
        let filters = context.query.parameters.filter { !["page", "offset", "deleted"].contains($0.key) }
            .sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let query = filters.isEmpty ? "" : "?" + FormData.query(filters)
        var alternates = [
            AlternateView(type: "application/json", href: "/api/v1/\(R.kind.collection)\(query)", title: "JSON")
        ]
        if FeedsController.feeds.contains(where: { $0.kind == R.kind.collection }) {
            alternates.append(
                AlternateView(
                    type: "application/atom+xml", href: "/feeds/\(R.kind.collection).atom",
                    title: "an Atom feed of changes"))
        }
        if R.kind == .activity {
            let calendar = filters.filter { $0.0 != "sort" && $0.0 != "limit" && $0.0 != "after" }
            alternates.append(
                AlternateView(
                    type: "text/calendar",
                    href: "/activities.ics" + (calendar.isEmpty ? "" : "?" + FormData.query(calendar)),
                    title: "a calendar to subscribe to (.ics)"))
        }
        return alternates
    }
}

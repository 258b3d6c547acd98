import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore
import StatlasExchange

/// CKAN's action API over the register's public catalogue, under `/api/3/action/` and `/api/action/` (CKAN serves
/// both; the `ckanapi` client calls the second): the read actions CKAN clients and harvesters use, by GET with
/// query parameters or POST with a JSON body, anonymously and without a CSRF token since none changes anything.
/// Answers are CKAN's envelope, `{"help", "success", "result"}`, or `success: false` with CKAN's error types.
struct CKANController {
    let records: any RecordRepository

    /// The actions answered.
    static let actions = [
        "status_show", "package_list", "package_search", "package_show", "organization_list", "organization_show",
        "group_list", "group_show", "tag_list",
    ]

    func register(on routes: RouteTable) {
        for prefix in ["/api/3/action/{action}", "/api/action/{action}"] {
            for method in [HTTPRequest.Method.get, .post] {
                // A GET's answer depends on its address and the register alone, so it is kept for everyone.
                routes.add(method, prefix, .everyone, shared: method == .get, foreign: true) { request, context in
                    try await answer(request, context)
                }
            }
        }
    }

    /// One action's answer, or CKAN's error envelope.
    func answer(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let action = context.parameters.get("action") ?? ""
        let help = "\(context.origin)/api/3/action/help_show?name=\(action)"
        do {
            guard Self.actions.contains(action) else {
                throw CKANFailure(.badRequest, "Bad request - Action name not known: \(action.prefix(60))")
            }
            let parameters = try await CKANParameters.read(request, context)
            let result = try await run(action, parameters, origin: context.origin)
            return try Self.envelope(["help": .string(help), "success": true, "result": result], .ok)
        } catch let failure as CKANFailure {
            return try Self.envelope(
                ["help": .string(help), "success": false, "error": failure.error], failure.status)
        } catch StatlasError.notFound {
            let failure = CKANFailure(.notFound, "Not found", type: "Not Found Error")
            return try Self.envelope(["help": .string(help), "success": false, "error": failure.error], .notFound)
        }
    }

    static func envelope(_ value: JSONValue, _ status: HTTPResponse.Status) throws -> Response {
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = "*"
        return try JSONResponse.make(value, status: status, headers: headers)
    }

    func run(_ action: String, _ p: CKANParameters, origin: String) async throws -> JSONValue {
        switch action {
        case "status_show":
            return [
                "site_title": "Statlas", "site_url": .string(origin),
                "site_description":
                    "A register of the UK statistical system: who produces and uses which statistics, for which places.",
                "ckan_version": "2.10.0", "error_emails_to": .null, "locale_default": "en_GB", "extensions": [],
            ]
        case "package_list":
            let limit = try p.int("limit", default: 100_000, 0...100_000)
            let offset = try p.int("offset", default: 0, 0...10_000_000)
            return .array(try await records.ids(.dataset, offset: offset, limit: limit).map(JSONValue.string))
        case "package_search": return try await search(p, origin: origin)
        case "package_show":
            let dataset = try await records.get(Dataset.self, id: try p.required("id"))
            return try await catalogue(origin, [dataset]).package(dataset)
        case "organization_list", "group_list":
            return try await groupList(organizations: action == "organization_list", p, origin: origin)
        case "organization_show", "group_show":
            return try await groupShow(organizations: action == "organization_show", p, origin: origin)
        default:  // tag_list
            let query = p.string("query")?.lowercased()
            let tags = try await records.valueCounts(Dataset.self, ListQuery(), by: "keyword", limit: 10_000)
                .map(\.value).filter { query == nil || $0.contains(query!) }.sorted()
            let ckan = CKANCatalogue(origin: origin)
            return .array(try p.bool("all_fields") ? tags.map(ckan.tag) : tags.map(JSONValue.string))
        }
    }

    /// The catalogue with the organisations and themes these datasets name.
    func catalogue(_ origin: String, _ datasets: [Dataset]) async throws -> CKANCatalogue {
        let organisationIds = Set(datasets.compactMap(\.producerIds.first))
        let themeIds = Set(datasets.flatMap(\.themeIds))
        let organisations = try await records.get(Organisation.self, ids: Array(organisationIds))
        let themes = try await records.get(Theme.self, ids: Array(themeIds))
        return CKANCatalogue(
            origin: origin,
            organisations: Dictionary(organisations.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }),
            themes: Dictionary(themes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// `package_search`: `q`, `fq`, `rows`, `start`, `sort` and facets, over the same lists as `/api/v1/datasets`.
    func search(_ p: CKANParameters, origin: String) async throws -> JSONValue {
        var query = ListQuery()
        if let q = p.string("q")?.trimmingCharacters(in: .whitespaces), !q.isEmpty, q != "*:*" { query.q = q }
        if let fq = p.string("fq") {
            switch CKANFilterQuery.filters(fq) {
            case .success(let filters): query.filters = filters
            case .failure(let error): throw CKANFailure(.conflict, error.message, type: "Search Query Error")
            }
        }
        query.limit = try p.int("rows", default: 10, 0...1000)
        query.offset = try p.int("start", default: 0, 0...10_000_000)
        let sort = p.string("sort") ?? "score desc, metadata_modified desc"
        (query.sort, query.descending) = try Self.sort(sort, searching: query.q != nil)
        let page = try await records.list(Dataset.self, query)
        let catalogue = try await catalogue(origin, page.items)
        var facets: [String: JSONValue] = [:]
        var searchFacets: [String: JSONValue] = [:]
        if try p.bool("facet", default: true) {
            let limit = try p.int("facet.limit", default: 50, -1...1000)
            for field in try p.list("facet.field") {
                guard let name = CKANFilterQuery.fields[field] else { continue }
                let counts = try await records.valueCounts(
                    Dataset.self, query, by: name, limit: limit < 0 ? 1000 : limit)
                let kind: EntityKind? = field == "organization" ? .organisation : field == "groups" ? .theme : nil
                var titles: [String: String] = [:]
                if let kind { titles = try await records.titles([kind: Set(counts.map(\.value))])[kind] ?? [:] }
                facets[field] = .object(Dictionary(counts.map { ($0.value, .number(Double($0.count))) }) { a, _ in a })
                searchFacets[field] = [
                    "title": .string(field),
                    "items": .array(
                        counts.map {
                            [
                                "name": .string($0.value), "display_name": .string(titles[$0.value] ?? $0.value),
                                "count": .number(Double($0.count)),
                            ]
                        }),
                ]
            }
        }
        return [
            "count": .number(Double(page.total)), "sort": .string(sort),
            "results": .array(page.items.map(catalogue.package)), "facets": .object(facets),
            "search_facets": .object(searchFacets),
        ]
    }

    /// CKAN's sort (`title_string asc`, `metadata_modified desc`, `score desc, …`) as a list order: the first
    /// clause that applies (relevance only with a query).
    static func sort(_ text: String, searching: Bool) throws -> (ListQuery.Sort, Bool) {
        for clause in text.split(separator: ",") {
            let words = clause.split(separator: " ").map { $0.lowercased() }
            guard let field = words.first else { continue }
            let descending = words.count > 1 && words[1] == "desc"
            if words.count > 1 && !["asc", "desc"].contains(words[1]) {
                throw CKANFailure(.conflict, "sort: write field asc or field desc", type: "Search Query Error")
            }
            switch field {
            case "score": if searching { return (.relevance, false) }
            case "metadata_modified": return (.updated, descending)
            case "metadata_created": return (.created, descending)
            case "title_string", "title", "name": return (.title, descending)
            default:
                throw CKANFailure(
                    .conflict,
                    "sort cannot order by \(field): use score, metadata_modified, metadata_created, title_string or name",
                    type: "Search Query Error")
            }
        }
        return (.updated, true)
    }

    /// `organization_list` (organisations) or `group_list` (themes): names, or with `all_fields` the whole
    /// entries with their package counts; `sort` by name, title or package count; `limit` and `offset`.
    func groupList(organizations: Bool, _ p: CKANParameters, origin: String) async throws -> JSONValue {
        let kind: EntityKind = organizations ? .organisation : .theme
        let allFields = try p.bool("all_fields")
        let limit = try p.int("limit", default: allFields ? 25 : 1000, 0...1000)
        let offset = try p.int("offset", default: 0, 0...10_000_000)
        let sort = (p.string("sort") ?? "name asc").lowercased()
        // Counted only when shown or sorted on: a list of names needs none.
        let counts = allFields || sort.hasPrefix("package_count") ? try await packageCounts(organizations) : [:]
        let descending = sort.hasSuffix(" desc")
        let ids: [String]
        switch sort.split(separator: " ").first.map(String.init) ?? "name" {
        case "package_count":
            // Ordered by a count over every dataset: every entry is needed to place one.
            var entries = try await records.index(kind, limit: 1_000_000).map(\.value)
            entries.sort { (counts[$0] ?? 0, $1) > (counts[$1] ?? 0, $0) }
            if !descending { entries.reverse() }
            ids = Array(entries.dropFirst(offset).prefix(limit))
        case "title":
            // The window alone, read from the title index as the register's own lists are.
            ids = try await titleWindow(organizations, descending: descending, offset: offset, limit: limit)
        default:
            ids = try await records.ids(kind, offset: offset, limit: limit, descending: descending)
        }
        guard allFields else { return .array(ids.map(JSONValue.string)) }
        let catalogue: CKANCatalogue
        if organizations {
            let found = try await records.get(Organisation.self, ids: ids)
            catalogue = CKANCatalogue(
                origin: origin, organisations: Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        } else {
            let found = try await records.get(Theme.self, ids: ids)
            catalogue = CKANCatalogue(
                origin: origin, themes: Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        }
        return .array(
            ids.map {
                organizations
                    ? catalogue.organization($0, packageCount: counts[$0] ?? 0)
                    : catalogue.group($0, packageCount: counts[$0] ?? 0)
            })
    }

    /// Ids of organisations (or themes) by title, `limit` of them after `offset`, a page of the list at a time.
    func titleWindow(_ organizations: Bool, descending: Bool, offset: Int, limit: Int) async throws -> [String] {
        var ids: [String] = []
        while ids.count < limit {
            let query = ListQuery(
                sort: .title, descending: descending, limit: min(ListQuery.maxLimit, limit - ids.count),
                offset: offset + ids.count)
            let page =
                organizations
                ? try await records.list(Organisation.self, query).items.map(\.id)
                : try await records.list(Theme.self, query).items.map(\.id)
            ids += page
            if page.count < query.limit { break }
        }
        return ids
    }

    /// How many datasets each producer (or theme) has.
    func packageCounts(_ organizations: Bool) async throws -> [String: Int] {
        let counts = try await records.valueCounts(
            Dataset.self, ListQuery(), by: organizations ? "producer" : "theme", limit: 10_000)
        return Dictionary(counts.map { ($0.value, $0.count) }, uniquingKeysWith: { a, _ in a })
    }

    /// `organization_show` or `group_show`: the entry with its package count and, with `include_datasets`, its
    /// packages (at most 1,000, as CKAN gives).
    func groupShow(organizations: Bool, _ p: CKANParameters, origin: String) async throws -> JSONValue {
        let id = try p.required("id")
        let filter = organizations ? "producer" : "theme"
        let counted = try await records.list(
            Dataset.self, ListQuery(filters: [filter: id], limit: try p.bool("include_datasets") ? 1000 : 0))
        var catalogue = try await catalogue(origin, counted.items)
        var entry: JSONValue
        if organizations {
            let organisation = try await records.get(Organisation.self, id: id)
            catalogue.organisations[id] = organisation
            entry = catalogue.organization(id, packageCount: counted.total)
        } else {
            let theme = try await records.get(Theme.self, id: id)
            catalogue.themes[id] = theme
            entry = catalogue.group(id, packageCount: counted.total)
        }
        if case .object(var fields) = entry {
            fields["packages"] = .array(counted.items.map(catalogue.package))
            entry = .object(fields)
        }
        return entry
    }
}

/// A CKAN error: its HTTP status and `error` object (`message`, `__type`).
struct CKANFailure: Error {
    var status: HTTPResponse.Status
    var message: String
    var type: String

    init(_ status: HTTPResponse.Status, _ message: String, type: String = "Validation Error") {
        (self.status, self.message, self.type) = (status, message, type)
    }

    var error: JSONValue { ["message": .string(message), "__type": .string(type)] }
}

/// An action's parameters: the query string's, or a POSTed JSON object's (numbers and lists as JSON, or as the
/// strings a query string carries). Every number is bounded where it is read.
struct CKANParameters {
    var values: [String: JSONValue]

    static func read(_ request: Request, _ context: StatlasRequestContext) async throws -> CKANParameters {
        var values = context.query.parameters.mapValues(JSONValue.string)
        guard request.method == .post else { return CKANParameters(values: values) }
        let data: Data
        do {
            data = try await JSONResponse.body(
                request, context: context, accepting: ["json", "x-www-form-urlencoded", "text/plain"])
        } catch {
            throw CKANFailure(.badRequest, "Bad request - the body is not JSON or is too large")
        }
        if data.isEmpty { return CKANParameters(values: values) }
        guard case .object(let body)? = JSONValue.read(data) else {
            throw CKANFailure(.badRequest, "Bad request - JSON Error: the body must be a JSON object")
        }
        values.merge(body) { _, posted in posted }
        return CKANParameters(values: values)
    }

    func string(_ name: String) -> String? {
        switch values[name] {
        case .string(let s)?: return s
        case .number(let n)?: return n.rounded() == n && n.magnitude < 1e15 ? String(Int(n)) : String(n)
        case .bool(let b)?: return b ? "true" : "false"
        default: return nil
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = string(name), !value.isEmpty else {
            throw CKANFailure(.conflict, "Missing value: \(name)")
        }
        return value
    }

    func int(_ name: String, default fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw CKANFailure(
                .conflict, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String, default fallback: Bool = false) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return fallback }
        switch text {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off", "": return false
        default: throw CKANFailure(.conflict, "\(name) must be true or false")
        }
    }

    /// A list given as a JSON list, a JSON-encoded list in a string (`facet.field=["tags"]`), or bare values.
    func list(_ name: String) throws -> [String] {
        switch values[name] {
        case .array(let items)?: return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        case .string(let text)?:
            if text.hasPrefix("[") {
                guard case .array(let items)? = JSONValue.read(Data(text.utf8)) else {
                    throw CKANFailure(.conflict, "\(name) must be a JSON list of field names")
                }
                return items.compactMap { if case .string(let s) = $0 { s } else { nil } }
            }
            // A repeated name in a query string (`facet.field=a&facet.field=b`) arrives joined with commas.
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return []
        }
    }
}

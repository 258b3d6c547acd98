/// A request for one page of a collection: full-text query, filters, sort and page bounds.
public struct ListQuery: Sendable, Equatable {
    /// The largest page a caller may ask for.
    public static let maxLimit = 200
    public static let defaultLimit = 50

    public enum Sort: String, Sendable, CaseIterable {
        case title, created, updated, start, relevance
    }

    public var q: String?
    /// Filter name → value, only names the entity declares.
    public var filters: [String: String] = [:]
    public var sort: Sort = .title
    public var descending = false
    public var limit = ListQuery.defaultLimit
    public var offset = 0
    /// The id of the record the page starts after, in the list's order (keyset paging: a deep page costs what
    /// the first does). Not with `offset`, `page`, `sort=start` or an ordering by relevance.
    public var after: String?

    public init(
        q: String? = nil, filters: [String: String] = [:], sort: Sort = .title, descending: Bool = false,
        limit: Int = ListQuery.defaultLimit, offset: Int = 0
    ) {
        self.q = q
        self.filters = filters
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }

    /// The sort parameter as written in URLs (`title`, `-updated`…).
    public var sortParameter: String { (descending ? "-" : "") + sort.rawValue }

    /// The query parameters a list of `R` takes: the text query, sort and paging, and its filters.
    public static func parameterNames<R: Record>(for type: R.Type) -> [String] {
        ["q", "sort", "limit", "offset", "page", "after"] + R.filters.map(\.name)
    }

    /// Parses query parameters for collection `R` with `QueryReader`, reporting every bad parameter as a field
    /// error (unknown names included, as on every route).
    public static func parse<R: Record>(_ parameters: [String: String], for type: R.Type) throws(StatlasError)
        -> ListQuery
    {
        var query = ListQuery()
        var r = QueryReader(parameters)
        r.errors = QueryReader.unknown(parameters, accepting: parameterNames(for: R.self))
        if let q = r.text("q"), !q.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { query.q = q }
        if let value = r.text("sort") {
            if let sort = Sort(rawValue: String(value.drop { $0 == "-" })) {
                (query.sort, query.descending) = (sort, value.hasPrefix("-"))
            } else {
                r.errors.append(
                    FieldError(
                        "sort",
                        "sort must be one of \(Sort.allCases.map(\.rawValue).joined(separator: ", ")), optionally with a leading '-' for descending order"
                    ))
            }
        }
        query.limit = r.number("limit", 1...maxLimit) ?? defaultLimit
        query.offset = r.number("offset", Bounds.offset) ?? 0
        let page = r.number("page", Bounds.page)
        if r.given("offset") && r.given("page") {
            r.errors.append(FieldError("offset", "Give page or offset, not both"))
        }
        query.after = r.text("after", max: 200)
        if query.after != nil && (r.given("offset") || r.given("page")) {
            r.errors.append(FieldError("after", "Give after, or page or offset, not both"))
        }
        for filter in R.filters {
            guard let value = r.text(filter.name) else { continue }
            if let allowed = filter.allowed, !allowed.contains(value) {
                r.errors.append(
                    FieldError(filter.name, "\(filter.name) must be one of: \(allowed.joined(separator: ", "))"))
            } else if filter.source == .from || filter.source == .to, CalendarDate(value) == nil {
                r.errors.append(FieldError(filter.name, "\(filter.name) must be a date written YYYY-MM-DD"))
            } else {
                query.filters[filter.name] = value
            }
        }
        if let page { query.offset = (page - 1) * query.limit }  // at most 10^7 × 200: no overflow
        if query.sort == .relevance && query.q == nil { query.sort = .title }
        try r.finish()
        R.combineFilters(&query.filters)
        if r.text("sort") == nil && query.q != nil { query.sort = .relevance }
        if query.after != nil && (query.sort == .start || query.sort == .relevance) {
            throw StatlasError.invalid([
                FieldError("after", "after pages lists sorted by title, created or updated (give sort=title with q)")
            ])
        }
        return query
    }
}

/// One page of records and the number of records matching in all.
public struct Page<R: Sendable>: Sendable {
    public var items: [R]
    public var total: Int

    public init(items: [R], total: Int) {
        self.items = items
        self.total = total
    }
}

/// One result of a search across every kind of record.
public struct SearchHit: Codable, Sendable, Equatable {
    public var type: EntityKind
    public var id: String
    public var title: String
    public var rank: Double

    public init(type: EntityKind, id: String, title: String, rank: Double) {
        self.type = type
        self.id = id
        self.title = title
        self.rank = rank
    }
}

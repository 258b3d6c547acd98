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

    public init(q: String? = nil, filters: [String: String] = [:], sort: Sort = .title, descending: Bool = false,
        limit: Int = ListQuery.defaultLimit, offset: Int = 0)
    {
        self.q = q
        self.filters = filters
        self.sort = sort
        self.descending = descending
        self.limit = limit
        self.offset = offset
    }

    /// The sort parameter as written in URLs (`title`, `-updated`…).
    public var sortParameter: String { (descending ? "-" : "") + sort.rawValue }

    /// Parses query parameters for collection `R`, reporting every bad parameter as a field error.
    public static func parse<R: Record>(_ parameters: [String: String], for type: R.Type) throws(StatlasError) -> ListQuery {
        var query = ListQuery()
        var page: Int?
        var v = Validator()
        let known = Set(R.filters.map(\.name))
        for (name, value) in parameters {
            switch name {
            case "q":
                query.q = value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : value
            case "sort":
                let descending = value.hasPrefix("-")
                if let sort = Sort(rawValue: String(value.drop { $0 == "-" })) {
                    query.sort = sort
                    query.descending = descending
                } else {
                    v.append([FieldError("sort", "sort must be one of \(Sort.allCases.map(\.rawValue).joined(separator: ", ")), optionally with a leading '-' for descending order")])
                }
            case "limit":
                let limit = Bounds.parse(value, 1...maxLimit)
                v.check(limit != nil, "limit", "limit must be a whole number \(Bounds.words(1...maxLimit))")
                query.limit = limit ?? defaultLimit
            case "offset":
                let offset = Bounds.parse(value, Bounds.offset)
                v.check(offset != nil, "offset", "offset must be a whole number \(Bounds.words(Bounds.offset))")
                v.check(parameters["page"] == nil, "offset", "Give page or offset, not both")
                query.offset = offset ?? 0
            case "page":
                page = Bounds.parse(value, Bounds.page)
                v.check(page != nil, "page", "page must be a whole number \(Bounds.words(Bounds.page))")
            default:
                guard known.contains(name), let filter = R.filters.first(where: { $0.name == name }) else {
                    let names = (["q", "sort", "limit", "offset", "page"] + R.filters.map(\.name)).joined(separator: ", ")
                    v.append([FieldError(name, "\(name) is not a parameter of \(R.kind.collection); use one of: \(names)")])
                    continue
                }
                if let allowed = filter.allowed, !allowed.contains(value) {
                    v.append([FieldError(name, "\(name) must be one of: \(allowed.joined(separator: ", "))")])
                } else if filter.source == .from || filter.source == .to, CalendarDate(value) == nil {
                    v.append([FieldError(name, "\(name) must be a date written YYYY-MM-DD")])
                } else {
                    query.filters[name] = value
                }
            }
        }
        if let page { query.offset = (page - 1) * query.limit }  // at most 10^7 × 200: no overflow
        if query.sort == .relevance && query.q == nil { query.sort = .title }
        if !v.errors.isEmpty { throw StatlasError.invalid(v.errors) }
        R.combineFilters(&query.filters)
        if parameters["sort"] == nil && query.q != nil { query.sort = .relevance }
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

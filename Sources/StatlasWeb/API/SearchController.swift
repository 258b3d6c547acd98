import Hummingbird
import StatlasCore

/// `GET /api/v1/search?q=…[&type=…][&limit=…]`: ranked results across every kind of record.
struct SearchController {
    let repository: any RecordRepository

    struct Result: Encodable {
        let type: String
        let id: String
        let title: String
        let url: String
        let rank: Double
    }

    struct Body: Encodable {
        let query: String
        let results: [Result]
    }

    func register(on routes: RouteTable) {
        routes.add(.get, "/api/v1/search", .everyone, query: ["q", "type", "limit"], shared: true) { _, context in
            var r = context.query
            let q = r.text("q") ?? ""
            if q.isEmpty { r.errors.append(FieldError("q", "Enter something to search for")) }
            var kinds: [EntityKind]?
            if let type = r.text("type") {
                if let kind = repository.kinds.kind(named: type) {
                    kinds = [kind]
                } else {
                    r.errors.append(
                        FieldError(
                            "type",
                            "type must be one of: \(repository.kinds.all.map(\.rawValue).joined(separator: ", "))"))
                }
            }
            let limit = r.number("limit", 1...ListQuery.maxLimit) ?? 20
            try r.finish()
            let hits = try await Measure.time("statlas_search_seconds", [("surface", "api")]) {
                try await repository.search(q, kinds: kinds, limit: limit)
            }
            let results = hits.map {
                Result(
                    type: $0.type.rawValue, id: $0.id, title: $0.title, url: "/api/v1/\($0.type.collection)/\($0.id)",
                    rank: $0.rank)
            }
            return try JSONResponse.make(Body(query: q, results: results))
        }
    }
}

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
        routes.add(.get, "/api/v1/search", .everyone) { request, _ in
            let parameters = request.parameters
            guard let q = parameters["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw StatlasError.invalid([FieldError("q", "Enter something to search for")])
            }
            var kinds: [EntityKind]?
            if let type = parameters["type"] {
                guard let kind = repository.kinds.kind(named: type) else {
                    throw StatlasError.invalid([FieldError("type", "type must be one of: \(repository.kinds.all.map(\.rawValue).joined(separator: ", "))")])
                }
                kinds = [kind]
            }
            let limit = parameters["limit"].map { Bounds.parse($0, 1...ListQuery.maxLimit) } ?? 20
            guard let limit else {
                throw StatlasError.invalid([FieldError("limit", "limit must be a whole number \(Bounds.words(1...ListQuery.maxLimit))")])
            }
            let hits = try await repository.search(q, kinds: kinds, limit: limit)
            let results = hits.map {
                Result(type: $0.type.rawValue, id: $0.id, title: $0.title, url: "/api/v1/\($0.type.collection)/\($0.id)", rank: $0.rank)
            }
            return try JSONResponse.make(Body(query: q, results: results))
        }
    }
}

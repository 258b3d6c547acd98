import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// The JSON API for one kind of record: list, get, create, replace, patch and delete. One generic
/// controller serves every collection.
struct RecordController<R: Record> {
    let repository: any RecordRepository
    var base: String { "/api/v1/\(R.kind.collection)" }

    func register(on routes: RouteTable) {
        routes.add(.get, base, .everyone, query: ListQuery.parameterNames(for: R.self), shared: true) {
            request, context in
            try await list(request, context)
        }
        routes.add(.post, base, .editor) { request, context in try await create(request, context) }
        routes.add(.get, base + "/{id}", .everyone) { _, context in try await get(context) }
        routes.add(.put, base + "/{id}", .editor) { request, context in try await update(request, context, merge: false)
        }
        routes.add(.patch, base + "/{id}", .editor) { request, context in
            try await update(request, context, merge: true)
        }
        routes.add(.delete, base + "/{id}", .editor) { request, context in try await delete(request, context) }
    }

    func list(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        // Names, short names and ids all find a record; a name that means no single one is a 422 listing them.
        let parameters = try await References.resolveFilters(R.self, context.query.parameters, in: repository)
            .parameters
        let query = try ListQuery.parse(parameters, for: R.self)
        var headers = HTTPFields()
        func paged(_ total: Int, last: String?) {
            let links = Pagination.linkHeader(
                path: base, parameters: parameters, query: query, total: total, lastId: last)
            if !links.isEmpty { headers[HTTPField.Name("Link")!] = links }
            headers[HTTPField.Name("X-Total-Count")!] = String(total)
        }
        guard context.user == nil && R.hasPrivateFields else {
            // The stored documents are the answer: passed on as stored, with no decoding or encoding.
            let page = try await repository.listEncoded(R.self, query)
            paged(page.total, last: page.items.count == query.limit ? try lastId(page.items.last) : nil)
            return JSONResponse.list(page.items, total: page.total, headers: headers)
        }
        let page = try await repository.list(R.self, query)
        paged(page.total, last: page.items.count == query.limit ? page.items.last?.id : nil)
        return try JSONResponse.make(
            ListBody(items: page.items.map { $0.publicView() }, total: page.total), headers: headers)
    }

    func get(_ context: StatlasRequestContext) async throws -> Response {
        let record = try await repository.get(R.self, id: try id(context))
        let shown = context.user == nil ? record.publicView() : record
        return try JSONResponse.make(shown, headers: [.eTag: ETag.make(record.version)])
    }

    func create(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        var record = try RecordCodec.decode(
            R.self, body: try await JSONResponse.body(request, context: context), over: R.blank)
        record.version = 0
        let created = try await context.writes(repository).create(record)
        return try JSONResponse.make(
            created, status: .created,
            headers: [.location: "\(base)/\(created.id)", .eTag: ETag.make(created.version)])
    }

    func update(_ request: Request, _ context: StatlasRequestContext, merge: Bool) async throws -> Response {
        let current = try await repository.get(R.self, id: try id(context))
        let body = try await JSONResponse.body(request, context: context)
        var record = try RecordCodec.decode(R.self, body: body, over: merge ? current : R.blank)
        let expected = try expectedVersion(request, body: body, submitted: record.version, current: current.version)
        record.id = current.id
        let updated = try await context.writes(repository).update(record, current: current, expectedVersion: expected)
        return try JSONResponse.make(updated, headers: [.eTag: ETag.make(updated.version)])
    }

    func delete(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let current = try await repository.get(R.self, id: try id(context))
        if let header = request.headers[.ifMatch], !ETag.matches(header, version: current.version) {
            throw APIFailure.preconditionFailed(current: current.version)
        }
        try await context.writes(repository).delete(current, expectedVersion: nil)
        return Response(status: .noContent)
    }

    /// The version the client based its change on: from If-Match (412 when stale) or the body's
    /// `version` (409 when stale, reported by the repository). One of them is required (428).
    func expectedVersion(_ request: Request, body: Data, submitted: Int, current: Int) throws -> Int {
        if let header = request.headers[.ifMatch] {
            guard ETag.matches(header, version: current) else { throw APIFailure.preconditionFailed(current: current) }
            return current
        }
        guard case .object(let object)? = try? RecordCodec.decoder().decode(JSONValue.self, from: body),
            object["version"] != nil
        else { throw APIFailure.preconditionRequired }
        return submitted
    }

    func id(_ context: StatlasRequestContext) throws -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else {
            throw StatlasError.badRequest("The record id is missing")
        }
        return id.removingPercentEncoding ?? id
    }
}

extension RecordController {
    /// The id of a stored document (for the next page's `after`).
    func lastId(_ body: String?) throws -> String? {
        guard let body else { return nil }
        return try JSONDecoder().decode(Identified.self, from: Data(body.utf8)).id
    }

    struct Identified: Decodable { let id: String }
}

/// The body of a list response.
struct ListBody<R: Encodable>: Encodable {
    let items: [R]
    let total: Int
}

/// Strong ETags carrying the record version.
enum ETag {
    static func make(_ version: Int) -> String { "\"\(version)\"" }

    /// True when an If-Match value names this version (or is `*`).
    static func matches(_ header: String, version: Int) -> Bool {
        header.split(separator: ",").contains { raw in
            let tag = raw.trimmingCharacters(in: .whitespaces)
            let bare = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
            return bare == "*" || bare == make(version) || bare == String(version)
        }
    }
}

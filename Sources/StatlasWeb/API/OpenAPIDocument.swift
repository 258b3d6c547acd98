import Foundation
import StatlasCore

/// Builds the OpenAPI 3.1 document from the registered routes and the entities' own declarations
/// (filters, required fields, example records), so the document cannot drift from what is served.
struct OpenAPIDocument {
    /// The kinds of record the API serves.
    let kinds: RecordKinds

    func build(routes: [RouteEntry]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for (path, entries) in Dictionary(grouping: routes, by: \.path) {
            var operations: [String: JSONValue] = [:]
            for entry in entries { operations[entry.method.rawValue.lowercased()] = operation(entry) }
            paths[path] = .object(operations)
        }
        var schemas: [String: JSONValue] = ["Problem": problemSchema]
        for type in kinds.types {
            schemas[schemaName(type.kind)] = recordSchema(type)
        }
        return .object([
            "openapi": "3.1.0",
            "info": .object([
                "title": "Statlas API", "version": "1.0.0",
                "description":
                    "The register of the UK statistical system: organisations, people, themes, areas, datasets, collaborations, engagement activities and stakeholder relationships. Reads are public; writes need 'Authorization: Bearer <token>'. Errors are RFC 9457 problem details.",
            ]),
            "paths": .object(paths),
            "components": .object([
                "schemas": .object(schemas),
                "securitySchemes": .object(["bearer": .object(["type": "http", "scheme": "bearer"])]),
            ]),
        ])
    }

    func schemaName(_ kind: EntityKind) -> String {
        kind.noun.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    func kind(of path: String) -> EntityKind? {
        let parts = path.split(separator: "/")
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else { return nil }
        return kinds.kind(named: String(parts[2]))
    }

    func operation(_ entry: RouteEntry) -> JSONValue {
        var op: [String: JSONValue] = [:]
        var parameters: [JSONValue] = []
        var responses: [String: JSONValue] = [:]
        let method = entry.method.rawValue
        if entry.path.contains("{id}") {
            let what =
                entry.path.hasPrefix(TokenController.base)
                ? "The token's id"
                : entry.path.hasPrefix(StudiesController.base)
                    ? "The study's id" : "The record's id (for areas, the GSS or ITL code)"
            parameters.append(parameter("id", in: "path", required: true, what))
        }
        if entry.path.contains("{userId}") {
            parameters.append(parameter("userId", in: "path", required: true, "The team member's user id"))
        }
        if entry.path.contains("{docId}") {
            parameters.append(parameter("docId", in: "path", required: true, "The document's id"))
        }
        for (name, what) in [
            ("surveyId", "The survey's id"), ("findingId", "The finding's id"),
            ("participantId", "The participant's id"),
        ] where entry.path.contains("{\(name)}") {
            parameters.append(parameter(name, in: "path", required: true, what))
        }
        if entry.policy != .everyone {
            op["security"] = .array([.object(["bearer": .array([])])])
            responses["401"] = problemResponse("No valid bearer token")
        }
        if entry.policy == .editor || entry.policy == .admin {
            responses["403"] = problemResponse(
                "The token's user may not change this record (viewers, or another organisation's record)")
        }
        if entry.path == EquivalentsController.api {
            equivalentsOperation(method, &op, &responses)
        } else if entry.path.hasPrefix(StudyFindingsController.publicBase) {
            findingsOperation(entry.path, &op, &parameters, &responses)
        } else if entry.path.hasPrefix(StudiesController.base) {
            studiesOperation(entry.path, method, &op, &parameters, &responses)
        } else if let kind = kind(of: entry.path) {
            let ref = JSONValue.object(["$ref": .string("#/components/schemas/\(schemaName(kind))")])
            op["tags"] = .array([.string(kind.collection)])
            switch (method, entry.path.contains("{id}")) {
            case ("GET", false):
                op["summary"] = .string("List \(kind.collection)")
                parameters += listParameters(kind)
                responses["200"] = jsonResponse(
                    "A page of \(kind.collection); see the Link header for more",
                    .object([
                        "type": "object", "required": .array(["items", "total"]),
                        "properties": .object([
                            "items": .object(["type": "array", "items": ref]), "total": .object(["type": "integer"]),
                        ]),
                    ]))
                responses["422"] = problemResponse("A parameter is not valid")
            case ("POST", _):
                op["summary"] = .string("Create a \(kind.noun)")
                op["requestBody"] = requestBody(ref)
                responses["201"] = jsonResponse("Created; Location names the new record", ref)
                responses["409"] = problemResponse("A record with this id already exists")
            case ("GET", true):
                op["summary"] = .string("Get a \(kind.noun)")
                responses["200"] = jsonResponse("The record; ETag carries its version", ref)
            case ("PUT", _), ("PATCH", _):
                op["summary"] = .string(
                    method == "PUT" ? "Replace a \(kind.noun)" : "Change some fields of a \(kind.noun) (JSON merge)")
                op["requestBody"] = requestBody(ref)
                parameters.append(
                    parameter(
                        "If-Match", in: "header", required: false,
                        "The ETag from the last read (or send 'version' in the body)"))
                responses["200"] = jsonResponse("The updated record", ref)
                responses["409"] = problemResponse("The body's version is stale")
                responses["412"] = problemResponse("If-Match does not match the current version")
                responses["428"] = problemResponse("Neither If-Match nor version was sent")
            case ("DELETE", _):
                op["summary"] = .string("Delete a \(kind.noun)")
                parameters.append(parameter("If-Match", in: "header", required: false, "The ETag from the last read"))
                responses["204"] = .object(["description": "Deleted"])
                responses["409"] = problemResponse("Other records still refer to it")
                responses["412"] = problemResponse("If-Match does not match the current version")
            default: break
            }
            if ["POST", "PUT", "PATCH"].contains(method) {
                responses["400"] = problemResponse("The body is not a JSON object")
                responses["413"] = problemResponse("The body is over 1 MiB")
                responses["415"] = problemResponse("The body is not JSON")
                responses["422"] = problemResponse("Every invalid field and why")
            }
            if entry.path.contains("{id}") { responses["404"] = problemResponse("No record has this id") }
        } else if entry.path == "/api/v1/search" {
            op["summary"] = .string("Search every kind of record")
            parameters.append(parameter("q", in: "query", required: true, "Words to search for"))
            parameters.append(
                parameter(
                    "type", in: "query", required: false, "Only this collection",
                    allowed: kinds.all.map(\.rawValue)))
            parameters.append(
                parameter(
                    "limit", in: "query", required: false, "At most this many results (1–200)", type: "integer",
                    bounds: 1...ListQuery.maxLimit))
            responses["200"] = jsonResponse(
                "Ranked results",
                .object([
                    "type": "object",
                    "properties": .object([
                        "query": .object(["type": "string"]),
                        "results": .object([
                            "type": "array",
                            "items": .object([
                                "type": "object",
                                "properties": .object([
                                    "type": .object(["type": "string"]), "id": .object(["type": "string"]),
                                    "title": .object(["type": "string"]),
                                    "url": .object(["type": "string"]), "rank": .object(["type": "number"]),
                                ]),
                            ]),
                        ]),
                    ]),
                ]))
            responses["422"] = problemResponse("q is missing or a parameter is not valid")
        } else if let insight = InsightEndpoint.all.first(where: { $0.path == entry.path }) {
            op["summary"] = .string(insight.summary)
            op["tags"] = .array(["insight"])
            for p in insight.parameters {
                parameters.append(parameter(p.name, in: "query", required: false, p.summary, allowed: p.allowed))
            }
            for n in insight.numbers {
                parameters.append(
                    parameter(n.name, in: "query", required: false, n.summary, type: "integer", bounds: n.bounds))
            }
            parameters.append(
                parameter("format", in: "query", required: false, insight.formatSummary, allowed: insight.formats))
            var content: [String: JSONValue] = ["application/json": .object(["schema": insight.schema])]
            for type in insight.downloads { content[type] = .object(["schema": .object(["type": "string"])]) }
            responses["200"] = .object([
                "description": "The answer (JSON), or the download the format names", "content": .object(content),
            ])
            responses["422"] = problemResponse("A parameter is not valid")
        } else if entry.path.hasPrefix(TokenController.base) {
            tokenOperation(method, &op, &parameters, &responses)
        } else if entry.path == "/healthz" {
            op["summary"] = .string("Health: 200 when the database is reachable")
            responses["200"] = jsonResponse("Healthy", .object(["type": "object"]))
            responses["503"] = jsonResponse("The database is not reachable", .object(["type": "object"]))
        } else {
            op["summary"] = .string("This OpenAPI document")
            responses["200"] = jsonResponse("OpenAPI 3.1", .object(["type": "object"]))
        }
        responses["500"] = problemResponse("Unexpected failure (details are logged, not returned)")
        op["operationId"] = .string(
            method.lowercased()
                + entry.path.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }
                .joined())
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        op["responses"] = .object(responses)
        return .object(op)
    }

    /// The token routes: list, create (the token is in the response once), revoke.
    func tokenOperation(
        _ method: String, _ op: inout [String: JSONValue], _ parameters: inout [JSONValue],
        _ responses: inout [String: JSONValue]
    ) {
        op["tags"] = .array(["tokens"])
        let token: JSONValue = .object([
            "type": "object",
            "properties": .object([
                "id": .object(["type": "string"]), "label": .object(["type": .array(["string", "null"])]),
                "createdAt": .object(["type": "string", "format": "date-time"]),
                "lastUsedAt": .object(["type": .array(["string", "null"]), "format": "date-time"]),
                "revokedAt": .object(["type": .array(["string", "null"]), "format": "date-time"]),
                "active": .object(["type": "boolean"]),
            ]),
        ])
        switch method {
        case "GET":
            op["summary"] = "Your API tokens (never the token text)"
            responses["200"] = jsonResponse(
                "Your tokens",
                .object([
                    "type": "object",
                    "properties": .object([
                        "items": .object(["type": "array", "items": token]), "total": .object(["type": "integer"]),
                    ]),
                ]))
        case "POST":
            op["summary"] = "Create an API token for yourself; the token is returned once"
            op["requestBody"] = .object([
                "required": false,
                "content": .object([
                    "application/json": .object([
                        "schema": .object([
                            "type": "object",
                            "properties": .object(["label": .object(["type": "string", "maxLength": .number(100)])]),
                        ])
                    ])
                ]),
            ])
            responses["201"] = jsonResponse(
                "The new token",
                .object([
                    "type": "object", "required": .array(["id", "token"]),
                    "properties": .object([
                        "id": .object(["type": "string"]), "token": .object(["type": "string"]),
                        "label": .object(["type": .array(["string", "null"])]),
                    ]),
                ]))
            responses["400"] = problemResponse("The body is not JSON")
            responses["413"] = problemResponse("The body is over 1 MiB")
            responses["415"] = problemResponse("The body is not JSON")
            responses["422"] = problemResponse("The label is not valid")
        default:
            op["summary"] = "Revoke one of your API tokens (administrators: any token)"
            responses["204"] = .object(["description": "Revoked"])
            responses["404"] = problemResponse("You have no active token with this id")
        }
    }

    func listParameters(_ kind: EntityKind) -> [JSONValue] {
        guard let type = kinds.type(for: kind) else { return [] }
        var result = [
            parameter("q", in: "query", required: false, "Full-text search within the collection"),
            parameter(
                "sort", in: "query", required: false, "Sort order; '-' for descending",
                allowed: ListQuery.Sort.allCases.flatMap { [$0.rawValue, "-" + $0.rawValue] }),
            parameter(
                "limit", in: "query", required: false, "Page size, 1–200 (default 50)", type: "integer",
                bounds: 1...ListQuery.maxLimit),
            parameter(
                "offset", in: "query", required: false, "Records to skip (not with page)", type: "integer",
                bounds: Bounds.offset),
            parameter(
                "page", in: "query", required: false, "Page number from 1 (alternative to offset)", type: "integer",
                bounds: Bounds.page),
            parameter(
                "after", in: "query", required: false,
                "The id of the record this page starts after, in the list's order (keyset paging: a deep page costs what page one does; not with offset, page, sort=start or relevance order)"
            ),
        ]
        for filter in type.filters {
            let summary =
                filter.targetKind == nil
                ? filter.summary
                : filter.summary
                    + "; or its name or short name, case and accents aside (422 listing the candidates when that names no single one)"
            result.append(parameter(filter.name, in: "query", required: false, summary, allowed: filter.allowed))
        }
        return result
    }

    func parameter(
        _ name: String, in location: String, required: Bool, _ description: String,
        type: String = "string", allowed: [String]? = nil, bounds: ClosedRange<Int>? = nil
    ) -> JSONValue {
        var schema: [String: JSONValue] = ["type": .string(type)]
        if let allowed { schema["enum"] = .array(allowed.map(JSONValue.string)) }
        if let bounds {
            schema["minimum"] = .number(Double(bounds.lowerBound))
            schema["maximum"] = .number(Double(bounds.upperBound))
        }
        return .object([
            "name": .string(name), "in": .string(location), "required": .bool(required),
            "description": .string(description), "schema": .object(schema),
        ])
    }

    func requestBody(_ schema: JSONValue) -> JSONValue {
        .object(["required": true, "content": .object(["application/json": .object(["schema": schema])])])
    }

    func jsonResponse(_ description: String, _ schema: JSONValue) -> JSONValue {
        .object([
            "description": .string(description), "content": .object(["application/json": .object(["schema": schema])]),
        ])
    }

    func problemResponse(_ description: String) -> JSONValue {
        .object([
            "description": .string(description),
            "content": .object([
                "application/problem+json": .object(["schema": .object(["$ref": "#/components/schemas/Problem"])])
            ]),
        ])
    }

    let problemSchema: JSONValue = .object([
        "type": "object", "required": .array(["type", "title", "status"]),
        "properties": .object([
            "type": .object(["type": "string"]), "title": .object(["type": "string"]),
            "status": .object(["type": "integer"]),
            "detail": .object(["type": "string"]), "currentVersion": .object(["type": "integer"]),
            "errors": .object([
                "type": "array",
                "items": .object([
                    "type": "object", "required": .array(["field", "message"]),
                    "properties": .object([
                        "field": .object(["type": "string"]), "message": .object(["type": "string"]),
                        "candidates": .object([
                            "description":
                                "When the field or filter names no single record: the records to choose from (several with that name, or those whose names contain its words)",
                            "type": "array",
                            "items": .object([
                                "type": "object", "required": .array(["id", "name"]),
                                "properties": .object([
                                    "id": .object(["type": "string"]), "name": .object(["type": "string"]),
                                ]),
                            ]),
                        ]),
                    ]),
                ]),
            ]),
        ]),
    ])

    /// A JSON Schema for a record, inferred from a fully populated example record, with the bounds its number
    /// fields declare; `demo` is set by the operator's demo loader only, so it is read-only.
    func recordSchema(_ type: any Record.Type) -> JSONValue {
        guard case .object(var schema) = bounded(infer(type.exampleJSON), fields: type.fields) else {
            return .object([:])
        }
        if case .object(var properties)? = schema["properties"], case .object(var demo)? = properties["demo"] {
            demo["readOnly"] = true
            properties["demo"] = .object(demo)
            schema["properties"] = .object(properties)
        }
        schema["required"] = .array(type.requiredFields.map(JSONValue.string))
        schema["examples"] = .array([type.exampleJSON])
        return .object(schema)
    }

    /// The schema with `minimum` and `maximum` on every number field that declares bounds, nested ones included.
    func bounded(_ schema: JSONValue, fields: [FieldSpec]) -> JSONValue {
        guard case .object(var object) = schema, case .object(var properties)? = object["properties"] else {
            return schema
        }
        for field in fields {
            guard case .object(var property)? = properties[field.name] else { continue }
            switch field.kind {
            case .number(let bounds):
                let nullable = property["type"].map { if case .array = $0 { true } else { false } } ?? false
                property["type"] = nullable ? .array(["integer", "null"]) : "integer"
                property["minimum"] = .number(Double(bounds.lowerBound))
                property["maximum"] = .number(Double(bounds.upperBound))
            case .group(let inner):
                if let items = property["items"] { property["items"] = bounded(items, fields: inner) }
            case .object(let inner):
                property = bounded(.object(property), fields: inner).objectValue ?? property
            default:
                break
            }
            properties[field.name] = .object(property)
        }
        object["properties"] = .object(properties)
        return .object(object)
    }

    func infer(_ value: JSONValue) -> JSONValue {
        switch value {
        case .null: return .object(["type": .array(["string", "null"])])
        case .bool: return .object(["type": "boolean"])
        case .number(let n): return .object(["type": .string(n.rounded() == n ? "integer" : "number")])
        case .string(let s):
            if CalendarDate(s) != nil { return .object(["type": "string", "format": "date"]) }
            if s.count == 20, s.hasSuffix("Z"), s.contains("T") {
                return .object(["type": "string", "format": "date-time"])
            }
            return .object(["type": "string"])
        case .array(let items): return .object(["type": "array", "items": items.first.map(infer) ?? .object([:])])
        case .object(let fields):
            return .object(["type": "object", "properties": .object(fields.mapValues(infer))])
        }
    }
}

extension JSONValue {
    /// The fields of an object value, or nil.
    var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }
}

import Foundation
import Hummingbird
import StatlasCore

/// Suggested equivalents of a dataset (`EquivalentSuggestions`), and an editor's decision on each in one step:
/// `GET /api/v1/datasets/{id}/suggested-equivalents` lists them; `POST` there (JSON) or to
/// `/datasets/{id}/suggested-equivalents` (the dataset page's buttons) confirms one as an equivalent or
/// dismisses it, with the same checks as any other change to the dataset.
struct EquivalentsController {
    let repository: any RecordRepository

    static let api = "/api/v1/datasets/{id}/suggested-equivalents"
    static let page = "/datasets/{id}/suggested-equivalents"

    func register(on routes: RouteTable) {
        routes.add(.get, Self.api, .everyone, shared: true) { _, context in try await list(context) }
        routes.add(.post, Self.api, .editor) { request, context in
            let body = try await JSONResponse.body(request, context: context)
            let updated = try await decide(try Self.decision(json: body), context)
            return try JSONResponse.make(updated, headers: [.eTag: ETag.make(updated.version)])
        }
        routes.add(.post, Self.page, .editor) { request, context in
            let form = try await FormData.read(request, context)
            let decision = try Self.decision(
                fields: ["datasetId": form["datasetId"], "decision": form["decision"]].compactMapValues { $0 })
            let updated = try await decide(decision, context)
            let done = decision.decision == .confirm ? "equivalent-confirmed" : "equivalent-dismissed"
            return Response(
                status: .seeOther,
                headers: [.location: RecordPaths.path(.dataset, updated.id) + "?saved=\(done)#equivalents"])
        }
    }

    /// What an editor decided about one suggestion.
    struct Decision: Sendable {
        var datasetId: String
        var decision: EquivalentDecision
        var comparability: Comparability
    }

    func list(_ context: StatlasRequestContext) async throws -> Response {
        let dataset = try await repository.get(Dataset.self, id: try context.recordId())
        let items = try await EquivalentSuggestions.suggest(for: dataset, in: repository)
        return try JSONResponse.make(ListBody(items: items, total: items.count))
    }

    /// Applies the decision to the dataset's current version, as the signed-in editor.
    func decide(_ decision: Decision, _ context: StatlasRequestContext) async throws -> Dataset {
        let current = try await repository.get(Dataset.self, id: try context.recordId())
        guard decision.datasetId.utf8.count <= 200 else {
            throw StatlasError.invalid([FieldError("datasetId", "datasetId must be an id of at most 200 characters")])
        }
        guard decision.datasetId != current.id else {
            throw StatlasError.invalid([FieldError("datasetId", "A dataset cannot be equivalent to itself")])
        }
        guard !(try await repository.get(Dataset.self, ids: [decision.datasetId])).isEmpty else {
            throw StatlasError.invalid([FieldError("datasetId", "No dataset has the id \(decision.datasetId)")])
        }
        var changed = current
        changed.decide(decision.decision, about: decision.datasetId, comparability: decision.comparability)
        guard changed != current else { return current }  // decided so already
        if let reason = Access.denial(try context.requirePrincipal(), updating: current, to: changed) {
            throw StatlasError.forbidden(reason)
        }
        // Only a current suggestion is decided here; other equivalents are changed on the edit page.
        let suggested = try await EquivalentSuggestions.suggest(for: current, in: repository)
        guard suggested.contains(where: { $0.datasetId == decision.datasetId }) else {
            throw StatlasError.invalid([
                FieldError(
                    "datasetId",
                    "That dataset is not a suggested equivalent of this one: change its equivalents on its edit page")
            ])
        }
        return try await context.writes(repository).update(changed, current: current, expectedVersion: current.version)
    }

    /// The decision in a JSON body: `{"datasetId", "decision": "confirm" | "dismiss", "comparability"?}`.
    static func decision(json body: Data) throws -> Decision {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        var fields: [String: String] = [:]
        var errors: [FieldError] = []
        for (name, value) in object {
            switch value {
            case .string(let text): fields[name] = text
            case .null: break
            default:
                errors.append(
                    ["datasetId", "decision", "comparability"].contains(name)
                        ? FieldError(name, "\(name) must be a string")
                        : FieldError(name, "\(name) is not a field of a decision"))
            }
        }
        if !errors.isEmpty { throw StatlasError.invalid(errors) }
        return try decision(fields: fields)
    }

    /// The decision from named fields, every mistake reported at once.
    static func decision(fields: [String: String]) throws -> Decision {
        var errors: [FieldError] = []
        let unknown = Set(fields.keys).subtracting(["datasetId", "decision", "comparability"]).sorted()
        errors += unknown.map { FieldError($0, "\($0) is not a field of a decision") }
        let datasetId = fields["datasetId"]?.trimmedWhitespace() ?? ""
        if datasetId.isEmpty { errors.append(FieldError("datasetId", "Enter the id of the suggested dataset")) }
        if datasetId.utf8.count > 200 {
            errors.append(FieldError("datasetId", "datasetId must be an id of at most 200 characters"))
        }
        let decision = fields["decision"].flatMap(EquivalentDecision.init(rawValue:))
        if decision == nil {
            errors.append(FieldError("decision", "decision must be confirm or dismiss"))
        }
        var comparability = Comparability.partially
        if let text = fields["comparability"] {
            if let value = Comparability(rawValue: text) {
                comparability = value
            } else {
                let allowed = Comparability.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(FieldError("comparability", "comparability must be one of \(allowed)"))
            }
        }
        guard errors.isEmpty, let decision else { throw StatlasError.invalid(errors) }
        return Decision(datasetId: datasetId, decision: decision, comparability: comparability)
    }
}

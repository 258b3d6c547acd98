import Foundation
import StatlasCore

/// How the OpenAPI document describes an insight endpoint: its query parameters, its formats and the
/// shape of its JSON answer. One entry per endpoint; `OpenAPIDocument` renders them all alike.
struct InsightEndpoint {
    let path: String
    let summary: String
    let parameters: [(name: String, summary: String, allowed: [String]?)]
    let formats: [String]
    let formatSummary: String
    let schema: JSONValue
    /// Content types of the downloads.
    let downloads: [String]
    /// Integer parameters, with their bounds (paging of long lists).
    var numbers: [(name: String, summary: String, bounds: ClosedRange<Int>)] = []

    static let all = [network, coverage, engagement, actions]

    static let actions = InsightEndpoint(
        path: "/api/v1/actions",
        summary:
            "“You said, we did” actions across activities: what was asked, what was done, status, activity, organisers and date",
        parameters: ActionsPage.parameters, formats: ["json"],
        formatSummary: "json (the actions of one page of activities, newest activity first)",
        schema: object(
            ["items", "activities", "page"],
            [
                "items": array(
                    object(
                        ["youSaid", "status", "activityId", "activityTitle", "organisers"],
                        [
                            "youSaid": string, "weDid": string, "status": string, "activityId": string,
                            "activityTitle": string, "date": string,
                            "organisers": array(object(["id", "name"], ["id": string, "name": string])),
                        ])),
                "activities": integer, "page": anyObject,
            ]),
        downloads: [],
        numbers: [
            ("page", "Which page of activities, from 1", ListWindow.pages),
            (
                "limit", "Activities per page, 1–100 (default 20), each with all its matching actions",
                ActionsPage.limits
            ),
        ])

    static func object(_ required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        .object(["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)])
    }
    static func array(_ items: JSONValue) -> JSONValue { .object(["type": "array", "items": items]) }
    static let string: JSONValue = .object(["type": "string"])
    static let integer: JSONValue = .object(["type": "integer"])
    static let number: JSONValue = .object(["type": "number"])
    static let nullableNumber: JSONValue = .object(["type": .array(["number", "null"])])
    static let anyObject: JSONValue = .object(["type": "object"])

    static let network = InsightEndpoint(
        path: "/api/v1/network", summary: "The collaboration network of organisations with every metric",
        parameters: NetworkQuery.parameters, formats: NetworkController.formats,
        formatSummary:
            "json (default, nodes and edges a page at a time); graphml or gexf for the whole graph with attributes; csv (organisations) or ties-csv",
        schema: object(
            ["nodes", "edges", "summary"],
            [
                "nodes": array(
                    object(
                        [],
                        [
                            "id": string, "name": string, "kind": string, "nations": array(string), "degree": integer,
                            "strength": number,
                            "degreeCentrality": number, "betweenness": number, "closeness": number,
                            "eigenvector": nullableNumber,
                            "constraint": nullableNumber, "effectiveSize": nullableNumber, "coreNumber": integer,
                            "community": integer,
                            "group": string, "brokerage": anyObject,
                        ])),
                "edges": array(object([], ["source": string, "target": string, "weight": integer])),
                "summary": anyObject, "page": anyObject, "computed": anyObject,
            ]),
        downloads: ["application/graphml+xml", "application/gexf+xml", "text/csv"],
        numbers: [
            ("page", "Which page of nodes and edges, from 1", ListWindow.pages),
            ("limit", "Nodes and edges per page, 1–5000 (default 500)", NetworkController.limits),
        ])

    static let coverage = InsightEndpoint(
        path: "/api/v1/coverage",
        summary: "Coverage by nation and geographic level, gaps with whom to ask, and availability by local authority",
        parameters: CoverageQuery.parameters, formats: CoverageController.formats,
        formatSummary:
            "json (default); csv (availability by local authority), gaps-csv, matrix-csv or statistics-csv (each whole)",
        schema: object(
            ["datasets", "groups", "levels", "matrix", "gaps", "areas", "summary"],
            [
                "datasets": array(anyObject), "groups": array(anyObject), "levels": array(string),
                "matrix": array(
                    object(
                        [],
                        [
                            "nation": string, "level": string, "datasetIds": array(string),
                            "datasetCount": integer, "producerIds": array(string), "producerCount": integer,
                            "groups": integer, "gap": .object(["type": "boolean"]),
                        ])),
                "gaps": array(
                    object(
                        [],
                        [
                            "nation": string, "level": string, "availableIn": array(string), "groupId": string,
                            "datasetIds": array(string), "contactOrganisationId": string, "contactReason": string,
                            "suggestedEquivalents": array(anyObject),
                        ])),
                "areas": array(
                    object(
                        [],
                        [
                            "code": string, "name": string, "nation": string, "available": integer,
                            "datasetIds": array(string), "datasetCount": integer,
                            "hex": anyObject,
                        ])),
                "summary": anyObject, "page": anyObject, "computed": anyObject,
            ]),
        downloads: ["text/csv"],
        numbers: [
            ("page", "Which page of datasets, groups and gaps, from 1", ListWindow.pages),
            ("limit", "Datasets, groups and gaps per page, 1–1000 (default 100)", 1...1000),
        ])

    static let engagement = InsightEndpoint(
        path: "/api/v1/insight/engagement",
        summary:
            "Engagement activities over time and by category, reach, under-represented audiences, actions and role coverage",
        parameters: EngagementQuery.parameters
            + [("table", "With format=csv (required) or ods: only this table", EngagementController.tableIds)],
        formats: EngagementController.formats,
        formatSummary:
            "json (default); csv for one table (name it with table); ods for a workbook of every table, or of one",
        schema: object(
            [
                "activities", "byMonth", "byTheme", "byKind", "byAudience", "byMode", "byOrganisation", "reach",
                "underRepresented", "actionsByStatus", "champions", "themeLeads",
            ],
            [
                "activities": integer, "byMonth": array(anyObject), "byTheme": array(anyObject),
                "byKind": array(anyObject),
                "byAudience": array(anyObject), "byMode": array(anyObject), "byOrganisation": array(anyObject),
                "reach": anyObject,
                "underRepresented": anyObject, "actionsByStatus": array(anyObject), "champions": array(anyObject),
                "themeLeads": array(anyObject), "counts": anyObject, "page": anyObject, "computed": anyObject,
            ]),
        downloads: ["text/csv", "application/vnd.oasis.opendocument.spreadsheet"],
        numbers: [
            ("page", "Which page of byOrganisation, champions and themeLeads, from 1", ListWindow.pages),
            ("limit", "Entries of byOrganisation, champions and themeLeads per page, 1–1000 (default 100)", 1...1000),
        ])
}

import StatlasCore

extension OpenAPIDocument {
    /// `/api/v1/datasets/{id}/suggested-equivalents`: the list, and an editor's decision on one suggestion.
    func equivalentsOperation(
        _ method: String, _ op: inout [String: JSONValue], _ responses: inout [String: JSONValue]
    ) {
        op["tags"] = .array(["datasets"])
        let string = JSONValue.object(["type": "string"])
        if method == "GET" {
            op["summary"] = "Likely equivalents of a dataset in other nations, not yet confirmed or dismissed"
            let item = JSONValue.object([
                "type": "object", "required": .array(["datasetId", "title", "nations", "reason", "score"]),
                "properties": .object([
                    "datasetId": string, "title": string,
                    "nations": .object([
                        "type": "array",
                        "items": .object([
                            "type": "string", "enum": .array(Nation.allCases.map { .string($0.rawValue) }),
                        ]),
                    ]),
                    "reason": string,
                    "score": .object(["type": "number", "minimum": .number(0), "maximum": .number(1)]),
                ]),
            ])
            responses["200"] = jsonResponse(
                "The suggestions, most alike first",
                .object([
                    "type": "object", "required": .array(["items", "total"]),
                    "properties": .object([
                        "items": .object(["type": "array", "items": item]), "total": .object(["type": "integer"]),
                    ]),
                ]))
        } else {
            op["summary"] =
                "Confirm a suggested equivalent (added to equivalents) or dismiss it (never suggested again)"
            op["requestBody"] = .object([
                "required": true,
                "content": .object([
                    "application/json": .object([
                        "schema": .object([
                            "type": "object", "required": .array(["datasetId", "decision"]),
                            "additionalProperties": false,
                            "properties": .object([
                                "datasetId": string,
                                "decision": .object([
                                    "type": "string",
                                    "enum": .array(EquivalentDecision.allCases.map { .string($0.rawValue) }),
                                ]),
                                "comparability": .object([
                                    "type": "string",
                                    "enum": .array(Comparability.allCases.map { .string($0.rawValue) }),
                                ]),
                            ]),
                        ])
                    ])
                ]),
            ])
            responses["200"] = jsonResponse(
                "The dataset as it now is; ETag carries its version",
                .object(["$ref": "#/components/schemas/Dataset"]))
            responses["400"] = problemResponse("The body is not a JSON object")
            responses["413"] = problemResponse("The body is over 1 MiB")
            responses["415"] = problemResponse("The body is not JSON")
            responses["422"] = problemResponse("Every invalid field and why (an unknown dataset among them)")
        }
        responses["404"] = problemResponse("No dataset has this id")
    }
}

import StatlasCore

extension OpenAPIDocument {
    /// `/api/v1/studies…`: the caller's studies, starting one, one study (its team only) and its team.
    func studiesOperation(
        _ path: String, _ method: String, _ op: inout [String: JSONValue], _ responses: inout [String: JSONValue]
    ) {
        op["tags"] = .array(["studies"])
        let string = JSONValue.object(["type": "string"])
        func choice(_ values: [String]) -> JSONValue {
            .object(["type": "string", "enum": .array(values.map { .string($0) })])
        }
        let roles = choice(StudyRole.allCases.map(\.rawValue))
        let bounded = { (bounds: ClosedRange<Int>) -> JSONValue in
            .object([
                "type": "integer", "minimum": .number(Double(bounds.lowerBound)),
                "maximum": .number(Double(bounds.upperBound)),
            ])
        }
        let thresholds = JSONValue.object([
            "type": "object",
            "properties": .object([
                "minimumCount": bounded(1...1000), "rounding": bounded(1...100), "quoteMinimum": bounded(1...1000),
            ]),
        ])
        let fields: [String: JSONValue] = [
            "title": .object(["type": "string", "minLength": .number(1), "maxLength": .number(500)]),
            "summary": .object(["type": "string", "maxLength": .number(20_000)]),
            "kind": choice(StudyKind.allCases.map(\.rawValue)), "status": choice(StudyStatus.allCases.map(\.rawValue)),
            "leadOrganisationId": string, "ethicsReference": .object(["type": "string", "maxLength": .number(200)]),
            "lawfulBasis": choice(LawfulBasis.allCases.map(\.rawValue)),
            "retentionDate": .object(["type": "string", "format": "date"]), "thresholds": thresholds,
        ]
        let study = JSONValue.object([
            "type": "object", "required": .array(["id", "title", "kind", "status"]),
            "properties": .object(fields.merging(["id": string, "role": roles]) { a, _ in a }),
        ])
        let member = JSONValue.object([
            "type": "object", "required": .array(["userId", "name", "role"]),
            "properties": .object(["userId": string, "name": string, "role": roles]),
        ])
        func list(_ item: JSONValue) -> JSONValue {
            .object([
                "type": "object", "required": .array(["items", "total"]),
                "properties": .object([
                    "items": .object(["type": "array", "items": item]), "total": .object(["type": "integer"]),
                ]),
            ])
        }
        func body(_ schema: JSONValue) -> JSONValue {
            .object([
                "required": true, "content": .object(["application/json": .object(["schema": schema])]),
            ])
        }
        let participant = JSONValue.object([
            "type": "object", "required": .array(["id", "pseudonym"]),
            "properties": .object([
                "id": string, "pseudonym": string,
                "attributes": .object(["type": "object", "additionalProperties": string]),
                "consent": .object(["type": "object"]),
            ]),
        ])
        let documentFields: [String: JSONValue] = [
            "participantId": string,
            "title": .object(["type": "string", "minLength": .number(1), "maxLength": .number(500)]),
            "format": choice(DocumentFormat.allCases.map(\.rawValue)), "content": string,
        ]
        let document = JSONValue.object([
            "type": "object", "required": .array(["id", "participantId", "title", "format", "length"]),
            "properties": .object([
                "id": string, "participantId": string, "title": string,
                "format": choice(DocumentFormat.allCases.map(\.rawValue)), "text": string,
                "length": .object(["type": "integer"]),
            ]),
        ])
        switch (method, path) {
        case ("GET", StudiesController.base + "/{id}/participants"):
            op["summary"] = "A study's participants, by pseudonym (its team; read recorded in the audit trail)"
            responses["200"] = jsonResponse("The participants", list(participant))
        case ("POST", StudiesController.base + "/{id}/participants"):
            op["summary"] = "Add a participant (the lead or a coder): pseudonym P01, P02… unless given"
            op["requestBody"] = body(
                .object([
                    "type": "object", "additionalProperties": false,
                    "properties": .object([
                        "pseudonym": .object(["type": "string", "maxLength": .number(40)]),
                        "attributes": .object(["type": "object", "additionalProperties": string]),
                        "consent": .object([
                            "type": "object", "additionalProperties": false,
                            "properties": .object([
                                "interview": .object(["type": "boolean"]), "recording": .object(["type": "boolean"]),
                                "quotation": .object(["type": "boolean"]), "followUp": .object(["type": "boolean"]),
                                "withdrawn": .object(["type": "boolean"]),
                                "date": .object(["type": "string", "format": "date"]),
                            ]),
                        ]),
                    ]),
                ]))
            responses["201"] = jsonResponse("The participant", participant)
        case ("GET", StudiesController.base + "/{id}/documents"):
            op["summary"] = "A study's documents, without their text (its team; read recorded)"
            responses["200"] = jsonResponse("The documents", list(document))
        case ("POST", StudiesController.base + "/{id}/documents"):
            op["summary"] =
                "Add a document (the lead or a coder): text, markdown, vtt, srt, or docx or odt in base64; stored normalised and encrypted"
            op["requestBody"] = body(
                .object([
                    "type": "object", "required": .array(["participantId", "title", "format", "content"]),
                    "additionalProperties": false, "properties": .object(documentFields),
                ]))
            responses["201"] = jsonResponse("The document, without its text; Location names it", document)
        case ("GET", StudiesController.base + "/{id}/documents/{docId}"):
            op["summary"] = "One document with its normalised text (positions in Unicode scalars; read recorded)"
            responses["200"] = jsonResponse("The document", document)
        case ("GET", StudiesController.base):
            op["summary"] = "The studies you are on, with your role (no one else's)"
            responses["200"] = jsonResponse("Your studies", list(study))
        case ("POST", StudiesController.base):
            op["summary"] = "Start a study: you become its lead"
            op["requestBody"] = body(
                .object([
                    "type": "object", "required": .array(["title", "kind"]), "additionalProperties": false,
                    "properties": .object(fields),
                ]))
            responses["201"] = jsonResponse("The study; Location names it", study)
        case ("GET", StudiesController.base + "/{id}"):
            op["summary"] = "A study and its team (its team only: 404 for anyone else, administrators included)"
            var detail = fields.merging(["id": string, "role": roles]) { a, _ in a }
            detail["team"] = .object(["type": "array", "items": member])
            responses["200"] = jsonResponse("The study", .object(["type": "object", "properties": .object(detail)]))
        case ("GET", _):
            op["summary"] = "A study's team (its lead and administrators)"
            responses["200"] = jsonResponse("The team, leads first", list(member))
        default:
            op["summary"] = "Add an account to a study's team, or change its role (the lead or an administrator)"
            op["requestBody"] = body(
                .object([
                    "type": "object", "required": .array(["email", "role"]), "additionalProperties": false,
                    "properties": .object(["email": string, "role": roles]),
                ]))
            responses["200"] = jsonResponse("The team as it now is", list(member))
        }
        if method == "POST" {
            responses["400"] = problemResponse("The body is not a JSON object")
            responses["413"] = problemResponse("The body is over 1 MiB")
            responses["415"] = problemResponse("The body is not JSON")
            responses["422"] = problemResponse("Every invalid field and why")
        }
        if path.contains("{id}") { responses["404"] = problemResponse("No study of yours has this id") }
    }
}

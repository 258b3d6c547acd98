import StatlasCore

extension OpenAPIDocument {
    /// `/api/v1/studies…`: the caller's studies, starting one, one study (its team only) and its team.
    func studiesOperation(
        _ path: String, _ method: String, _ op: inout [String: JSONValue], _ parameters: inout [JSONValue],
        _ responses: inout [String: JSONValue]
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
        let code = JSONValue.object([
            "type": "object", "required": .array(["id", "name"]),
            "properties": .object([
                "id": string, "name": string, "description": string, "colour": string, "parentId": string,
                "factorId": string,
            ]),
        ])
        let position = JSONValue.object(["type": "integer", "minimum": .number(0), "maximum": .number(1e9)])
        let coding = JSONValue.object([
            "type": "object", "required": .array(["id", "documentId", "codeId", "coderId", "start", "end"]),
            "properties": .object([
                "id": string, "documentId": string, "codeId": string, "coderId": string, "start": position,
                "end": position,
            ]),
        ])
        let measures = JSONValue.object([
            "type": "object",
            "properties": .object([
                "agreement": .object(["type": "number"]), "kappa": .object(["type": "number"]),
                "alpha": .object(["type": "number"]), "units": .object(["type": "integer"]), "reading": string,
                "codeId": string, "documentId": string,
            ]),
        ])
        if studyResultsOperation(path, method, &op, &parameters, &responses) {
        } else {
            switch (method, path) {
            case ("DELETE", _):
                op["summary"] = "Take someone off a study's team (the lead or an administrator; a study keeps a lead)"
                responses["200"] = jsonResponse("The team as it now is", list(member))
                responses["422"] = problemResponse("It would leave the study without a lead")
            case ("GET", StudiesController.base + "/{id}/codes"):
                op["summary"] = "The study's codebook"
                responses["200"] = jsonResponse("The codes", list(code))
            case ("POST", StudiesController.base + "/{id}/codes"):
                op["summary"] = "Add a code (the lead or a coder), under a parent when given"
                op["requestBody"] = body(
                    .object([
                        "type": "object", "required": .array(["name"]), "additionalProperties": false,
                        "properties": .object([
                            "name": .object(["type": "string", "minLength": .number(1), "maxLength": .number(200)]),
                            "parentId": string, "description": string, "factorId": string,
                            "colour": .object(["type": "string", "pattern": "^#[0-9a-fA-F]{6}$"]),
                        ]),
                    ]))
                responses["201"] = jsonResponse("The code", code)
            case ("GET", StudiesController.base + "/{id}/codings"):
                op["summary"] = "Codings, by coder (email or id), code and document when given (read recorded)"
                for (name, what) in [
                    ("coder", "A team member's email address or id"), ("code", "A code's id"),
                    ("document", "A document's id"),
                ] {
                    parameters.append(parameter(name, in: "query", required: false, what))
                }
                responses["200"] = jsonResponse("The codings", list(coding))
                responses["422"] = problemResponse("The coder is not on the team")
            case ("POST", StudiesController.base + "/{id}/codings"):
                op["summary"] = "Code a segment (the caller is its coder): start and end (exclusive) in Unicode scalars"
                op["requestBody"] = body(
                    .object([
                        "type": "object", "required": .array(["documentId", "codeId", "start", "end"]),
                        "additionalProperties": false,
                        "properties": .object([
                            "documentId": string, "codeId": string, "start": position, "end": position,
                        ]),
                    ]))
                responses["201"] = jsonResponse("The coding", coding)
            case ("GET", StudiesController.base + "/{id}/agreement"):
                op["summary"] =
                    "Agreement between two coders: percentage, Cohen's kappa and Krippendorff's alpha per code and document, and pooled"
                parameters.append(
                    parameter("coders", in: "query", required: true, "Two team members' email addresses or ids: A,B"))
                parameters.append(parameter("code", in: "query", required: false, "Only this code"))
                parameters.append(parameter("document", in: "query", required: false, "Only this document"))
                parameters.append(
                    parameter(
                        "by", in: "query", required: false, "A participant attribute: agreement pooled for each group"))
                parameters.append(
                    parameter(
                        "disclosure", in: "query", required: false,
                        "controlled: groups of fewer participants than the study's threshold show no measures"))
                responses["200"] = jsonResponse(
                    "The measures",
                    .object([
                        "type": "object", "required": .array(["overall", "codes"]),
                        "properties": .object([
                            "coders": .object(["type": "array", "items": string]), "overall": measures,
                            "codes": .object(["type": "array", "items": measures]), "by": string,
                            "groups": .object(["type": "array", "items": .object(["type": "object"])]),
                        ]),
                    ]))
                responses["422"] = problemResponse(
                    "coders does not name two team members, or the code or document is unknown")
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
                                    "interview": .object(["type": "boolean"]),
                                    "recording": .object(["type": "boolean"]),
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
                responses["200"] = jsonResponse(
                    "The study", .object(["type": "object", "properties": .object(detail)]))
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
        }
        if method == "POST" && !path.hasSuffix("/import") {
            responses["400"] = problemResponse("The body is not a JSON object")
            responses["413"] = problemResponse("The body is over 1 MiB")
            responses["415"] = problemResponse(
                path.hasSuffix("/responses") ? "The body is not CSV" : "The body is not JSON")
            responses["422"] = problemResponse("Every invalid field and why")
        }
        if path.contains("{id}") { responses["404"] = problemResponse("No study of yours has this id") }
        if entry403(method, path) { responses["403"] = problemResponse("Your role on the team does not allow this") }
    }

    /// Whether a team member's role may refuse the operation (403), rather than it not existing for them (404).
    func entry403(_ method: String, _ path: String) -> Bool {
        path.hasSuffix("/team") || path.hasSuffix("/{userId}") || (method == "POST" && path.contains("{id}"))
            || ((method == "PUT" || method == "DELETE") && path.hasSuffix("{participantId}"))
    }
}

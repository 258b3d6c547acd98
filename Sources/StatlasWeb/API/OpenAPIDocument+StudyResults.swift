import StatlasCore

extension OpenAPIDocument {
    /// Schemas shared by the study results' operations.
    struct StudyResultSchemas {
        let string = JSONValue.object(["type": "string"])
        let number = JSONValue.object(["type": "number"])
        let integer = JSONValue.object(["type": "integer"])
        let boolean = JSONValue.object(["type": "boolean"])

        func list(_ item: JSONValue) -> JSONValue {
            .object([
                "type": "object", "required": .array(["items", "total"]),
                "properties": .object([
                    "items": .object(["type": "array", "items": item]), "total": .object(["type": "integer"]),
                ]),
            ])
        }

        func object(_ properties: [String: JSONValue], required: [String] = []) -> JSONValue {
            .object([
                "type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties),
            ])
        }

        var base: JSONValue {
            object(["group": string, "count": integer, "suppressed": boolean], required: ["group", "suppressed"])
        }
        var flag: JSONValue {
            object(
                ["kind": string, "group": string, "value": string, "message": string], required: ["kind", "message"])
        }
        var question: JSONValue {
            object(
                [
                    "id": string, "text": string,
                    "kind": .object([
                        "type": "string", "enum": .array(QuestionKind.allCases.map { .string($0.rawValue) }),
                    ]),
                    "options": .object(["type": "array", "items": string]),
                ], required: ["id", "text", "kind"])
        }
        var survey: JSONValue {
            object(
                ["id": string, "title": string, "questions": .object(["type": "array", "items": question])],
                required: ["id", "title", "questions"])
        }
        var table: JSONValue {
            object(
                [
                    "groups": .object(["type": "array", "items": string]),
                    "values": .object(["type": "array", "items": string]),
                    "cells": .object(["type": "array", "items": .object(["type": "object"])]),
                    "bases": .object(["type": "array", "items": base]),
                    "flags": .object(["type": "array", "items": flag]),
                    "caption": string, "unit": string,
                ])
        }
        var finding: JSONValue {
            object(
                [
                    "id": string, "studyId": string, "studyTitle": string, "title": string,
                    "kind": .object([
                        "type": "string", "enum": .array(FindingKind.allCases.map { .string($0.rawValue) }),
                    ]),
                    "status": .object([
                        "type": "string", "enum": .array(FindingStatus.allCases.map { .string($0.rawValue) }),
                    ]),
                    "methodNote": string, "summary": string, "factorIds": .object(["type": "array", "items": string]),
                    "table": table, "quote": .object(["type": "object"]),
                ], required: ["id", "studyId", "title", "kind", "status", "methodNote", "summary"])
        }
    }

    /// The study results' operations (surveys, tables, frequencies, co-occurrence, memos, participants' changes,
    /// findings); false for any other study path.
    func studyResultsOperation(
        _ path: String, _ method: String, _ op: inout [String: JSONValue], _ parameters: inout [JSONValue],
        _ responses: inout [String: JSONValue]
    ) -> Bool {
        let s = StudyResultSchemas()
        let base = StudiesController.base + "/{id}"
        func body(_ schema: JSONValue, type: String = "application/json") -> JSONValue {
            .object(["required": true, "content": .object([type: .object(["schema": schema])])])
        }
        func query(_ name: String, _ what: String, required: Bool = false) {
            parameters.append(parameter(name, in: "query", required: required, what))
        }
        let disclosure = "exact (the team's figures, the default) or controlled (as it would be published)"
        let cell = s.object(
            [
                "group": s.string, "value": s.string, "codeId": s.string, "count": s.integer, "percentage": s.number,
                "wilsonLow": s.number, "wilsonHigh": s.number, "suppressed": s.boolean,
            ], required: ["group", "suppressed"])
        switch (method, path) {
        case ("GET", base + "/surveys"):
            op["summary"] = "A study's surveys and their questions (read recorded)"
            responses["200"] = jsonResponse("The surveys", s.list(s.survey))
        case ("POST", base + "/surveys"):
            op["summary"] = "Add a survey (the lead or a coder): questions single, multiple, scale, number or text"
            op["requestBody"] = body(
                s.object(
                    ["title": s.string, "questions": .object(["type": "array", "items": s.question])],
                    required: ["title", "questions"]))
            responses["201"] = jsonResponse("The survey", s.survey)
        case ("POST", base + "/surveys/{surveyId}/responses"):
            op["summary"] =
                "Import responses from CSV (a respondent column, attribute columns, one per question id; multiple choices separated by ;), all or nothing"
            op["requestBody"] = body(.object(["type": "string"]), type: "text/csv")
            responses["201"] = jsonResponse(
                "What was imported",
                s.object(["responses": s.integer, "newParticipants": s.integer, "documents": s.integer]))
            responses["404"] = problemResponse("No survey of the study has this id")
        case ("GET", base + "/tables"):
            op["summary"] =
                "A survey question's counts, percentages and 95% Wilson intervals, by an attribute when given"
            query("question", "The question's id", required: true)
            query("by", "A participant attribute to break the table down by")
            query("survey", "The survey's id, when question ids repeat across surveys")
            query("disclosure", disclosure)
            responses["200"] = jsonResponse(
                "The table",
                s.object(
                    [
                        "question": s.question, "by": s.string, "disclosure": s.string,
                        "cells": .object(["type": "array", "items": cell]),
                        "bases": .object(["type": "array", "items": s.base]),
                        "flags": .object(["type": "array", "items": s.flag]),
                    ], required: ["cells", "bases", "flags"]))
            responses["422"] = problemResponse("No such question, a free-text question, or a bad parameter")
        case ("GET", base + "/frequencies"):
            op["summary"] =
                "Code frequencies: interviewees coded with each code (and the codes under it), by an attribute"
            query("by", "A participant attribute")
            query("coder", "Only this coder's codings (email address or id)")
            query("disclosure", disclosure)
            responses["200"] = jsonResponse(
                "The frequencies",
                s.object(
                    [
                        "codes": .object(["type": "array", "items": .object(["type": "object"])]),
                        "cells": .object(["type": "array", "items": cell]),
                        "bases": .object(["type": "array", "items": s.base]),
                        "flags": .object(["type": "array", "items": s.flag]),
                    ], required: ["codes", "cells", "bases", "flags"]))
            responses["422"] = problemResponse("A bad parameter, or the coder is not on the team")
        case ("GET", base + "/cooccurrence"):
            op["summary"] = "Pairs of codes whose segments overlap: documents and segment pairs"
            query("disclosure", disclosure)
            responses["200"] = jsonResponse("The pairs, most documents first", s.list(.object(["type": "object"])))
            responses["422"] = problemResponse("A bad parameter")
        case ("GET", base + "/memos"):
            op["summary"] = "Memos on the study, its documents, codes or codings (read recorded)"
            query("target", "study, document, code or coding")
            query("targetId", "The id of what the memos are on")
            responses["200"] = jsonResponse("The memos", s.list(.object(["type": "object"])))
            responses["422"] = problemResponse("A bad parameter")
        case ("POST", base + "/memos"):
            op["summary"] = "Write a memo (the lead or a coder); you are its author"
            op["requestBody"] = body(
                s.object(
                    [
                        "targetKind": .object([
                            "type": "string", "enum": .array(MemoTarget.allCases.map { .string($0.rawValue) }),
                        ]),
                        "targetId": s.string, "text": s.string,
                    ], required: ["text"]))
            responses["201"] = jsonResponse("The memo", .object(["type": "object"]))
        case ("PUT", base + "/participants/{participantId}"):
            op["summary"] = "Change a participant's attributes and consent; a withdrawal takes them out of every output"
            op["requestBody"] = body(
                s.object(["attributes": .object(["type": "object"]), "consent": .object(["type": "object"])]))
            responses["200"] = jsonResponse("The participant", .object(["type": "object"]))
            responses["422"] = problemResponse("Every invalid field and why")
            responses["400"] = problemResponse("The body is not a JSON object")
            responses["415"] = problemResponse("The body is not JSON")
        case ("DELETE", base + "/participants/{participantId}"):
            op["summary"] = "Erase a participant and everything of theirs (the lead); a restore erases them again"
            responses["204"] = .object(["description": "Erased"])
        case ("POST", base + "/codes/seed"):
            op["summary"] = "Seed the codebook from the register's factors: Incentive, Barrier and Enabler as parents"
            responses["201"] = jsonResponse("The codebook", s.list(.object(["type": "object"])))
        case ("GET", base + "/findings"):
            op["summary"] = "The study's findings, drafts included"
            responses["200"] = jsonResponse("The findings", s.list(s.finding))
        case ("POST", base + "/findings"):
            op["summary"] = "Draft a finding (the lead or a coder) from a survey question, a code or a coding"
            op["requestBody"] = body(
                s.object(
                    [
                        "title": s.string,
                        "kind": .object([
                            "type": "string", "enum": .array(FindingKind.allCases.map { .string($0.rawValue) }),
                        ]),
                        "methodNote": s.string, "factorIds": .object(["type": "array", "items": s.string]),
                        "question": s.string, "survey": s.string, "by": s.string, "codeId": s.string,
                        "codingId": s.string,
                    ], required: ["title", "kind", "methodNote"]))
            responses["201"] = jsonResponse("The draft, disclosure-controlled", s.finding)
        case ("POST", base + "/findings/{findingId}/approve"), ("POST", base + "/findings/{findingId}/withdraw"):
            op["summary"] =
                path.hasSuffix("approve")
                ? "Approve a finding (the lead): made again from its source, then public"
                : "Withdraw a finding (the lead)"
            responses["200"] = jsonResponse("The finding", s.finding)
        case ("GET", base + "/export"):
            op["summary"] =
                "Export for QDA tools (REFI-QDA): the codebook (qdc) or the project (qdpx) without withdrawn participants"
            query("format", "qdc or qdpx (the default)")
            responses["200"] = .object([
                "description": "The file, as an attachment",
                "content": .object([
                    "application/zip": .object(["schema": .object(["type": "string", "format": "binary"])]),
                    "application/xml": .object(["schema": .object(["type": "string"])]),
                ]),
            ])
            responses["422"] = problemResponse("format is not qdc or qdpx")
        case ("POST", base + "/import"):
            op["summary"] =
                "Import a QDC codebook or QDPX project written by another QDA tool, all or nothing; says what it could not map"
            op["requestBody"] = .object([
                "required": true,
                "content": .object([
                    "application/zip": .object(["schema": .object(["type": "string", "format": "binary"])]),
                    "application/xml": .object(["schema": .object(["type": "string"])]),
                ]),
            ])
            responses["201"] = jsonResponse(
                "What was added",
                s.object([
                    "codes": s.integer, "codesReused": s.integer, "participants": s.integer, "documents": s.integer,
                    "codings": s.integer, "memos": s.integer,
                    "unmapped": .object(["type": "array", "items": s.string]),
                ]))
            responses["413"] = problemResponse("The file is over 64 MiB")
            responses["415"] = problemResponse("The body is not XML or a ZIP archive")
            responses["422"] = problemResponse("The file is not a readable QDC, QDPX or QDE")
        default:
            return false
        }
        return true
    }

    /// `/api/v1/findings`: approved findings, public.
    func findingsOperation(
        _ path: String, _ op: inout [String: JSONValue], _ parameters: inout [JSONValue],
        _ responses: inout [String: JSONValue]
    ) {
        let s = StudyResultSchemas()
        op["tags"] = .array(["findings"])
        if path.contains("{findingId}") {
            op["summary"] = "An approved finding"
            responses["200"] = jsonResponse("The finding", s.finding)
            responses["404"] = problemResponse("No approved finding has this id")
        } else {
            op["summary"] = "Approved findings of research studies, newest first (disclosure-controlled)"
            parameters.append(parameter("factor", in: "query", required: false, "Only findings about this factor"))
            parameters.append(parameter("limit", in: "query", required: false, "At most this many (1 to 100)"))
            parameters.append(parameter("offset", in: "query", required: false, "Skip this many"))
            responses["200"] = jsonResponse("The findings", s.list(s.finding))
            responses["422"] = problemResponse("A bad parameter")
        }
    }
}

import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// A study's participants and documents through the API, for its team alone (404 to anyone else): every member
/// reads, and every read is audited; the lead and coders add. Documents arrive as plain text, Markdown, WebVTT
/// or SubRip and are stored normalised and encrypted (`DocumentText`, `StudyCipher`).
struct StudyContentController {
    let api: StudiesController

    func register(on routes: RouteTable) {
        let base = StudiesController.base + "/{id}"
        routes.add(.get, base + "/participants", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let items = try await api.studies.participants(of: study.id)
            try await api.recordRead(study, "participants", context)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/participants", .signedIn) { request, context in
            let study = try await api.contributing(context)
            let participant = try Self.participant(json: try await JSONResponse.body(request, context: context))
            let added = try await api.studies.addParticipant(participant, to: study.id)
            try await api.recordChange(study, "added participant \(added.id)", context)
            return try JSONResponse.make(
                added, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/participants"])
        }
        routes.add(.put, base + "/participants/{participantId}", .signedIn) { request, context in
            let study = try await api.contributing(context)
            var participant = try Self.participant(json: try await JSONResponse.body(request, context: context))
            participant.id = context.parameters.get("participantId") ?? ""
            guard try await api.studies.participants(of: study.id).contains(where: { $0.id == participant.id }) else {
                throw APIFailure.notFound("The study has no participant with the id \(participant.id).")
            }
            return try JSONResponse.make(try await api.updateParticipant(participant, study, context))
        }
        routes.add(.delete, base + "/participants/{participantId}", .signedIn) { _, context in
            let study = try await api.leading(context, "erase a participant")
            let id = context.parameters.get("participantId") ?? ""
            guard try await api.studies.participants(of: study.id).contains(where: { $0.id == id }) else {
                throw APIFailure.notFound("The study has no participant with the id \(id).")
            }
            try await api.eraseParticipant(id, study, context)
            return Response(status: .noContent)
        }
        routes.add(.get, base + "/memos", .signedIn, query: ["target", "targetId"]) { _, context in
            let (study, _) = try await api.readable(context)
            var query = context.query
            let target = query.choice("target", MemoTarget.self)
            try query.finish()
            let items = try await api.studies.memos(of: study.id, target: target, id: query.text("targetId"))
            try await api.recordRead(study, "memos", context)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/memos", .signedIn) { request, context in
            let study = try await api.contributing(context)
            var memo = try Self.memo(json: try await JSONResponse.body(request, context: context))
            if memo.targetKind == .study && memo.targetId.isEmpty { memo.targetId = study.id }
            memo.authorId = try context.requireUser().id
            let added = try await api.studies.addMemo(memo, to: study.id)
            return try JSONResponse.make(
                added, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/memos"])
        }
        routes.add(.get, base + "/documents", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let items = try await api.studies.documents(of: study.id)
            try await api.recordRead(study, "documents (list)", context)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/documents", .signedIn) { request, context in
            let study = try await api.contributing(context)
            var document = try Self.document(json: try await JSONResponse.body(request, context: context))
            // The participant may be given by id or pseudonym.
            let participants = try await api.studies.participants(of: study.id)
            if let match = participants.first(where: {
                $0.id == document.participantId || $0.pseudonym == document.participantId
            }) {
                document.participantId = match.id
                if match.consent.withdrawn {
                    throw StatlasError.invalid([
                        FieldError("participantId", "\(match.pseudonym) has withdrawn: nothing more of theirs is kept")
                    ])
                }
            }
            let added = try await api.studies.addDocument(document, to: study.id)
            try await api.recordChange(study, "added document \(added.id)", context)
            return try JSONResponse.make(
                added.described, status: .created,
                headers: [.location: "\(StudiesController.base)/\(study.id)/documents/\(added.id)"])
        }
        routes.add(.get, base + "/documents/{docId}", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let id = context.parameters.get("docId") ?? ""
            guard let document = try await api.studies.document(id, of: study.id) else {
                throw APIFailure.notFound("The study has no document with the id \(id).")
            }
            try await api.recordRead(study, "document \(document.id)", context)
            return try JSONResponse.make(document)
        }
    }

    /// The fields of a JSON object, each a string, naming every unknown or mistyped one.
    static func strings(_ body: Data, allowed: [String], object kind: String) throws -> (
        fields: [String: String], rest: [String: JSONValue], errors: [FieldError]
    ) {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        var fields: [String: String] = [:]
        var rest: [String: JSONValue] = [:]
        var errors: [FieldError] = []
        for (name, value) in object {
            if !allowed.contains(name) {
                errors.append(FieldError(name, "\(name) is not a field of \(kind)"))
            } else if case .string(let text) = value {
                fields[name] = text
            } else if value != .null {
                rest[name] = value
            }
        }
        return (fields, rest, errors)
    }

    /// A participant from `{"pseudonym"?, "attributes"?: {name: value}, "consent"?: {…}}`.
    static func participant(json body: Data) throws -> StudyParticipant {
        var (fields, rest, errors) = try strings(
            body, allowed: ["pseudonym", "attributes", "consent"], object: "a participant")
        var participant = StudyParticipant()
        participant.pseudonym = fields["pseudonym"] ?? ""
        for name in ["attributes", "consent"] where fields[name] != nil {
            errors.append(FieldError(name, "\(name) must be an object"))
        }
        if let attributes = rest["attributes"] {
            if case .object(let object) = attributes {
                for (name, value) in object {
                    if case .string(let text) = value {
                        participant.attributes[name] = text.trimmedWhitespace()
                    } else {
                        errors.append(FieldError("attributes.\(name)", "attributes.\(name) must be a string"))
                    }
                }
            } else {
                errors.append(FieldError("attributes", "attributes must be an object of names and values"))
            }
        }
        if let consent = rest["consent"] {
            do {
                participant.consent = try RecordCodec.decoder().decode(
                    Consent.self, from: try RecordCodec.encoder().encode(Self.consentDefaults(consent)))
            } catch {
                errors.append(
                    FieldError(
                        "consent",
                        "consent takes interview, recording, quotation, followUp and withdrawn (true or false) and date (YYYY-MM-DD)"
                    ))
            }
        }
        if !fields["pseudonym", default: ""].isEmpty { errors += participant.validate() }
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return participant
    }

    /// A memo from `{"targetKind", "targetId", "text"}` (a study memo's target may be left out).
    static func memo(json body: Data) throws -> StudyMemo {
        var (fields, rest, errors) = try strings(body, allowed: ["targetKind", "targetId", "text"], object: "a memo")
        errors += rest.keys.sorted().map { FieldError($0, "\($0) must be a string") }
        var memo = StudyMemo()
        if let kind = fields["targetKind"] {
            if let known = MemoTarget(rawValue: kind) {
                memo.targetKind = known
            } else {
                errors.append(FieldError("targetKind", "targetKind must be one of: study, document, code, coding"))
            }
        }
        memo.targetId = fields["targetId"] ?? ""
        memo.text = DocumentText.normalise(fields["text"] ?? "")
        if memo.targetKind != .study && memo.targetId.isEmpty {
            errors.append(FieldError("targetId", "Give the id of the \(memo.targetKind.rawValue) the memo is about"))
        }
        errors += memo.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return memo
    }

    /// The submitted consent over its defaults (all false), refusing unknown names.
    static func consentDefaults(_ value: JSONValue) throws -> JSONValue {
        guard case .object(let object) = value else { throw StatlasError.badRequest("consent") }
        let known = ["interview", "recording", "quotation", "followUp", "withdrawn", "date"]
        guard Set(object.keys).isSubset(of: known) else { throw StatlasError.badRequest("consent") }
        var result = object
        for name in known where name != "date" { result[name] = result[name] ?? .bool(false) }
        return .object(result)
    }

    /// The normalised text of a document's content: text as sent, or a DOCX or ODT file's bytes in base64.
    static func text(_ content: String, format: DocumentFormat) throws -> String {
        guard format.isBinary else { return try DocumentText.read(content, format: format) }
        guard let data = Data(base64Encoded: content, options: .ignoreUnknownCharacters), !data.isEmpty else {
            throw StatlasError.invalid([
                FieldError("content", "A \(format.rawValue) document's content is the file's bytes in base64")
            ])
        }
        return try DocumentReader.text(data, format: format)
    }

    /// A document from `{"participantId", "title", "format", "content"}`, its text read and normalised.
    static func document(json body: Data) throws -> StudyDocument {
        let allowed = ["participantId", "title", "format", "content"]
        var (fields, rest, errors) = try strings(body, allowed: allowed, object: "a document")
        errors += rest.keys.sorted().map { FieldError($0, "\($0) must be a string") }
        var document = StudyDocument()
        document.participantId = fields["participantId"]?.trimmedWhitespace() ?? ""
        if document.participantId.isEmpty {
            errors.append(FieldError("participantId", "Enter the participant's id or pseudonym"))
        }
        document.title = fields["title"]?.trimmedWhitespace() ?? ""
        if document.title.isEmpty { errors.append(FieldError("title", "Enter the document's title")) }
        if document.title.unicodeScalars.count > 500 {
            errors.append(FieldError("title", "title must be at most 500 characters"))
        }
        let format = fields["format"].flatMap(DocumentFormat.init(rawValue:))
        if format == nil {
            let formats = DocumentFormat.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(FieldError("format", "format must be one of \(formats)"))
        }
        let content = fields["content"] ?? ""
        if content.trimmedWhitespace().isEmpty { errors.append(FieldError("content", "The document has no text")) }
        if let format, !content.isEmpty {
            do {
                document.format = format
                document.text = try Self.text(content, format: format)
                if document.text.isEmpty {
                    errors.append(
                        FieldError("content", "The document has no text once read (empty captions or paragraphs)"))
                }
            } catch StatlasError.invalid(let problems) {
                errors += problems
            }
        }
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return document
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// The create, edit and delete journeys for one kind of record, for signed-in users: GOV.UK forms with an
/// error summary and inline errors that keep what was typed, a confirmation page before deleting, a
/// success banner after saving, and a clear message when someone else changed the record meanwhile.
struct RecordForms<R: Record> {
    let repository: any RecordRepository
    let pages: PageRenderer
    let audit: any AuditRepository
    var base: String { "/" + R.kind.collection }

    func register(on routes: RouteTable) {
        routes.add(.get, base + "/new", .editor) { _, context in try await newForm(context) }
        routes.add(.post, base + "/new", .editor) { request, context in try await create(request, context) }
        routes.add(.get, base + "/{id}/edit", .editor) { _, context in try await editForm(context) }
        routes.add(.post, base + "/{id}/edit", .editor) { request, context in try await update(request, context) }
        routes.add(.get, base + "/{id}/delete", .editor) { _, context in try await confirmDelete(context) }
        routes.add(.post, base + "/{id}/delete", .editor) { request, context in try await delete(request, context) }
    }

    /// The fields of the form: an optional id when creating, then the fields every page shows.
    static func fields(creating: Bool) -> [FieldSpec] {
        let id = FieldSpec(
            "id", "Identifier", hint: "Letters, digits and dashes, used in the web address. Leave blank to make one up")
        return (creating && R.kind != .area ? [id] : []) + RecordDisplay.fields(R.self)
    }

    func newForm(_ context: StatlasRequestContext) async throws -> Response {
        if let reason = Access.denial(try context.requirePrincipal(), creatingAny: R.self) {
            throw StatlasError.forbidden(reason)
        }
        var input = FormData()
        if let owner = try context.requirePrincipal().defaultOwner { input.append("ownerId", owner) }
        return try await form(input, errors: [], reading: nil, creating: true, record: nil, context: context)
    }

    func editForm(_ context: StatlasRequestContext) async throws -> Response {
        let record = try await repository.get(R.self, id: try context.recordId())
        guard Access.mayOpenEditForm(try context.requirePrincipal(), record) else {
            throw StatlasError.forbidden(Access.otherMessage(record))
        }
        let fields = Self.fields(creating: false)
        let options = try await ReferenceOptions.load(for: ReferenceOptions.kinds(in: fields), repository: repository)
        let object = try await FormReferences.named(
            RecordCodec.object(record) ?? [:], fields: fields, options: options, repository: repository)
        let input = FormCodec.formData(from: object, fields: fields)
        return try await form(input, errors: [], reading: nil, creating: false, record: record, context: context)
    }

    func create(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let input = try await FormData.read(request, context)
        let reading = try await FormReferences.resolve(
            FormCodec.read(input, fields: Self.fields(creating: true)), fields: Self.fields(creating: true),
            repository: repository)
        do {
            var record = try Self.record(from: reading, over: R.blank)
            record.version = 0
            let created = try await context.writes(repository).create(record)
            return Self.redirect(RecordPaths.path(R.kind, created.id) + "?saved=1")
        } catch StatlasError.invalid(let errors) {
            return try await form(
                input, errors: FieldError.merge(reading.errors, errors), reading: reading, creating: true, record: nil,
                context: context)
        } catch StatlasError.duplicate(_, let id) {
            let errors = [FieldError("id", "A \(R.kind.noun) with the identifier \(id) already exists: choose another")]
            return try await form(
                input, errors: errors, reading: reading, creating: true, record: nil, context: context)
        } catch StatlasError.forbidden(let reason, let fields) {
            let errors = try await refused(reason, fields, path: base + "/new", context)
            return try await form(
                input, errors: errors, reading: reading, creating: true, record: nil, context: context,
                status: .forbidden)
        }
    }

    func update(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let current = try await repository.get(R.self, id: try context.recordId())
        let input = try await FormData.read(request, context)
        let reading = try await FormReferences.resolve(
            FormCodec.read(input, fields: Self.fields(creating: false)), fields: Self.fields(creating: false),
            repository: repository)
        let expected = Int(input["version"] ?? "") ?? current.version
        do {
            var record = try Self.record(from: reading, over: current)
            record.id = current.id
            _ = try await context.writes(repository).update(record, current: current, expectedVersion: expected)
            return Self.redirect(RecordPaths.path(R.kind, current.id) + "?saved=1")
        } catch StatlasError.invalid(let errors) {
            return try await form(
                input, errors: FieldError.merge(reading.errors, errors), reading: reading, creating: false,
                record: current,
                context: context, version: expected)
        } catch StatlasError.versionConflict(_, _, let now) {
            return try await form(
                input, errors: [], reading: reading, creating: false, record: current, context: context,
                version: now, conflict: true)
        } catch StatlasError.forbidden(let reason, let fields) where !fields.isEmpty {
            let errors = try await refused(
                reason, fields, path: RecordPaths.path(R.kind, current.id) + "/edit", context)
            return try await form(
                input, errors: errors, reading: reading, creating: false, record: current, context: context,
                version: expected, status: .forbidden)
        }
    }

    /// Records a refused write in the audit trail (as the problem middleware does for the API) and returns the
    /// errors to show on the form: the refused fields, or the reason on "Maintained by".
    private func refused(_ reason: String, _ fields: [FieldError], path: String, _ context: StatlasRequestContext)
        async throws -> [FieldError]
    {
        try await audit.append(
            AuditEntry(
                .denied, actorId: context.user?.id, entity: R.kind, detail: Access.refusalDetail("POST", path, fields)))
        return fields.isEmpty ? [FieldError("ownerId", reason)] : fields
    }

    func confirmDelete(_ context: StatlasRequestContext) async throws -> Response {
        let record = try await repository.get(R.self, id: try context.recordId())
        if let reason = Access.denial(try context.requirePrincipal(), deleting: record) {
            throw StatlasError.forbidden(reason)
        }
        return pages.page(
            deleteModel(record, context), title: "Delete \(record.title)", context: context, section: base)
    }

    func delete(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let record = try await repository.get(R.self, id: try context.recordId())
        let input = try await FormData.read(request, context)
        do {
            try await context.writes(repository).delete(record, expectedVersion: Int(input["version"] ?? ""))
        } catch let error as StatlasError {
            let message: String
            switch error {
            case .referenced(_, _, let detail):
                message = "This \(R.kind.noun) cannot be deleted while other records refer to it: \(detail)"
            case .versionConflict:
                message =
                    "Someone else changed this \(R.kind.noun) since you opened this page. Check it, then try again"
            default: throw error
            }
            var model = deleteModel(record, context)
            model.errorSummary = [ErrorLinkView(target: "main-content", message: message)]
            return pages.page(
                model, title: "Delete \(record.title)", context: context, status: .conflict, failed: true, section: base
            )
        }
        return Self.redirect(base + "?deleted=1")
    }

    private func deleteModel(_ record: R, _ context: StatlasRequestContext) -> DeletePageView {
        DeletePageView(
            caption: R.kind.noun.prefix(1).uppercased() + R.kind.noun.dropFirst(), title: record.title,
            action: RecordPaths.path(R.kind, record.id) + "/delete", version: record.version,
            cancelHref: RecordPaths.path(R.kind, record.id))
    }

    /// Renders the form with the input kept and any errors placed on their fields.
    private func form(
        _ input: FormData, errors: [FieldError], reading: FormCodec.Reading?, creating: Bool, record: R?,
        context: StatlasRequestContext, version: Int? = nil, conflict: Bool = false, status: HTTPResponse.Status? = nil
    ) async throws -> Response {
        let fields = Self.fields(creating: creating)
        let options = try await ReferenceOptions.load(for: ReferenceOptions.kinds(in: fields), repository: repository)
        let placed = FormErrors(errors, reading: reading, fields: fields, options: options)
        var view = FormView(form: input, errors: placed.inline, options: options)
        view.candidates = placed.candidates
        let title = record.map { "Change \($0.title)" } ?? "Add \(ListPage.article(R.kind.noun)) \(R.kind.noun)"
        var model = FormPageView(
            caption: ListPage.heading(R.kind), heading: title, fields: view.fields(fields), noun: R.kind.noun,
            action: record.map { RecordPaths.path(R.kind, $0.id) + "/edit" } ?? base + "/new",
            version: version ?? record?.version ?? 0, submitLabel: "Save",
            cancelHref: record.map { RecordPaths.path(R.kind, $0.id) } ?? base, errorSummary: placed.summary)
        if conflict, let record {
            model.conflict = true
            model.conflictHref = RecordPaths.path(R.kind, record.id)
        }
        let failed = !placed.summary.isEmpty || conflict
        let outcome: HTTPResponse.Status = status ?? (failed ? (conflict ? .conflict : .unprocessableContent) : .ok)
        return pages.page(model, title: title, context: context, status: outcome, failed: failed, section: base)
    }

    /// The record the form describes, or every problem at once: the input's own, missing required values,
    /// and the record's validation (run on what could be read, so that one missing value hides nothing else).
    static func record(from reading: FormCodec.Reading, over base: R) throws(StatlasError) -> R {
        let object = reading.object.filter { $0.key != "id" || $0.value != .null }
        let decoded: R
        do {
            decoded = try RecordCodec.decode(R.self, object: object, over: base)
        } catch {
            guard case .invalid(let errors) = error else { throw error }
            // Validate what can be read: leave out the fields that could not be decoded and the blank ones.
            let broken = Set((reading.errors + errors).map { String($0.field.prefix { $0 != "[" && $0 != "." }) })
            let readable = object.filter { $0.value != .null && !broken.contains($0.key) }
            // Required values that are missing or broken are reported already: not requiring them here lets
            // the rest of the record be checked in the same round.
            let lenient = try? RecordCodec.decode(R.self, object: readable, over: base, requiring: false)
            throw StatlasError.invalid(combine(reading.errors + errors, lenient?.fieldErrors() ?? []))
        }
        if !reading.errors.isEmpty { throw StatlasError.invalid(combine(reading.errors, decoded.fieldErrors())) }
        return decoded
    }

    /// The first errors plus those of `more` on fields not already in error.
    static func combine(_ first: [FieldError], _ more: [FieldError]) -> [FieldError] {
        var result: [FieldError] = []
        for error in first + more where !result.contains(where: { $0.field == error.field }) { result.append(error) }
        return result
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

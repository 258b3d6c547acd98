import Foundation
import Hummingbird
import StatlasCore

/// `/api/v1/studies`: confidential research studies and their teams. Any signed-in user may start a study and
/// becomes its lead. A study's content answers its team alone: to anyone else — administrators included — it
/// is 404, as if it did not exist; administrators may see the team and change it. Every read of a study's
/// content is recorded in the audit trail (S11).
struct StudiesController {
    let studies: any StudyRepository
    let accounts: any AccountRepository
    let audit: any AuditRepository
    /// The register, for its factor codebook and factors' existence.
    let records: any RecordRepository

    static let base = "/api/v1/studies"

    func register(on routes: RouteTable) {
        routes.add(.get, Self.base, .signedIn) { _, context in
            let user = try context.requireUser()
            let items = try await studies.studies(of: user.id).map { Listed($0.study, role: $0.role) }
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, Self.base, .signedIn) { request, context in
            let user = try context.requireUser()
            let study = try Self.study(json: try await JSONResponse.body(request, context: context))
            let created = try await start(study, lead: user)
            return try JSONResponse.make(
                Listed(created, role: .lead), status: .created, headers: [.location: "\(Self.base)/\(created.id)"])
        }
        routes.add(.get, Self.base + "/{id}", .signedIn) { _, context in
            let (study, team) = try await readable(context)
            try await recordRead(study, "description", context)
            return try JSONResponse.make(Detail(study: study, team: team, user: try context.requireUser()))
        }
        routes.add(.get, Self.base + "/{id}/team", .signedIn) { _, context in
            let (_, team) = try await manageable(context)
            return try JSONResponse.make(ListBody(items: team, total: team.count))
        }
        routes.add(.delete, Self.base + "/{id}/team/{userId}", .signedIn) { _, context in
            let team = try await removeMember(context.parameters.get("userId") ?? "", context)
            return try JSONResponse.make(ListBody(items: team, total: team.count))
        }
        routes.add(.post, Self.base + "/{id}/team", .signedIn) { request, context in
            let member = try Self.member(json: try await JSONResponse.body(request, context: context))
            let team = try await addMember(email: member.email, role: member.role, context)
            return try JSONResponse.make(ListBody(items: team, total: team.count))
        }
    }

    /// A study as listed: its description and the caller's role.
    struct Listed: Encodable {
        var study: Study
        var role: StudyRole

        init(_ study: Study, role: StudyRole) { (self.study, self.role) = (study, role) }

        func encode(to encoder: any Encoder) throws {
            try study.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(role, forKey: .role)
        }

        enum Key: String, CodingKey { case role }
    }

    /// A study with its team, for its members.
    struct Detail: Encodable {
        var study: Study
        var team: [StudyMember]
        var user: UserAccount

        func encode(to encoder: any Encoder) throws {
            try study.encode(to: encoder)
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(team, forKey: .team)
            try container.encodeIfPresent(StudyAccess.role(user, team), forKey: .role)
        }

        enum Key: String, CodingKey { case team, role }
    }

    /// Refuses register ids that name nothing: factors a code or finding maps to, a study's lead organisation.
    func requireRecords<R: Record>(_ type: R.Type, _ ids: [String], field: String) async throws {
        guard !ids.isEmpty else { return }
        let found = Set(try await records.get(type, ids: ids).map(\.id))
        let missing = ids.filter { !found.contains($0) }
        if !missing.isEmpty {
            throw StatlasError.invalid([
                FieldError(field, "No \(R.kind.noun) has the id \(missing.prefix(5).joined(separator: ", "))")
            ])
        }
    }

    /// Starts a study with `lead` as its lead, recorded in the audit trail.
    func start(_ study: Study, lead: UserAccount) async throws -> Study {
        try await requireRecords(
            Organisation.self, study.leadOrganisationId.map { [$0] } ?? [], field: "leadOrganisationId")
        let created = try await studies.create(study, lead: lead)
        try await audit.append(
            AuditEntry(.study, actorId: lead.id, entity: .study, recordId: created.id, detail: "started the study"))
        return created
    }

    /// The study and its team, when the caller is on the team; otherwise 404, as for a study that does not exist.
    func readable(_ context: StatlasRequestContext) async throws -> (Study, [StudyMember]) {
        let user = try context.requireUser()
        let id = context.parameters.get("id") ?? ""
        let team = try await studies.team(of: id)
        guard StudyAccess.mayRead(user, team), let study = try await studies.study(id: id) else {
            throw StatlasError.notFound(entity: .study, id: id)
        }
        return (study, team)
    }

    /// The study and its team, when the caller may manage the team (its lead, or an administrator).
    func manageable(_ context: StatlasRequestContext) async throws -> (Study, [StudyMember]) {
        let user = try context.requireUser()
        let id = context.parameters.get("id") ?? ""
        let team = try await studies.team(of: id)
        guard StudyAccess.mayManageTeam(user, team), let study = try await studies.study(id: id) else {
            // A member who may not manage the team is told so; to anyone else the study does not exist.
            if StudyAccess.mayRead(user, team) {
                throw StatlasError.forbidden("Only the study's lead or an administrator can see or change its team.")
            }
            throw StatlasError.notFound(entity: .study, id: id)
        }
        return (study, team)
    }

    /// The study, when the caller may add to it (its lead or a coder); readers are refused, others get 404.
    func contributing(_ context: StatlasRequestContext) async throws -> Study {
        let (study, team) = try await readable(context)
        guard StudyAccess.mayContribute(try context.requireUser(), team) else {
            throw StatlasError.forbidden("Readers cannot add to a study: ask its lead to make you a coder.")
        }
        return study
    }

    /// The study, when the caller is its lead; a member who is not is told so, anyone else gets 404.
    func leading(_ context: StatlasRequestContext, _ what: String) async throws -> Study {
        let (study, team) = try await readable(context)
        guard StudyAccess.role(try context.requireUser(), team) == .lead else {
            throw StatlasError.forbidden("Only the study's lead can \(what).")
        }
        return study
    }

    /// Adds the account with this email address to the team (or changes its role).
    func addMember(email: String, role: StudyRole, _ context: StatlasRequestContext) async throws -> [StudyMember] {
        let (study, _) = try await manageable(context)
        guard let member = try await accounts.user(email: email), !member.disabled else {
            throw StatlasError.invalid([FieldError("email", "No active account has this email address")])
        }
        let team = try await studies.setMember(study.id, userId: member.id, role: role)
        try await audit.append(
            AuditEntry(
                .study, actorId: context.user?.id, entity: .study, recordId: study.id,
                detail: "team: user \(member.id) as \(role.rawValue)"))
        return team
    }

    /// Takes the account with this id off the team (the lead or an administrator; a study keeps a lead).
    func removeMember(_ userId: String, _ context: StatlasRequestContext) async throws -> [StudyMember] {
        let (study, team) = try await manageable(context)
        guard team.contains(where: { $0.userId == userId }) else {
            throw APIFailure.notFound("The study's team has no member with the id \(userId).")
        }
        let after = try await studies.removeMember(study.id, userId: userId)
        try await audit.append(
            AuditEntry(
                .study, actorId: context.user?.id, entity: .study, recordId: study.id,
                detail: "team: removed user \(userId)"))
        return after
    }

    /// Changes a participant's attributes and consent, then makes the study's findings again so that a withdrawal
    /// takes them out of every output at once; audited.
    func updateParticipant(_ participant: StudyParticipant, _ study: Study, _ context: StatlasRequestContext)
        async throws -> StudyParticipant
    {
        let updated = try await studies.updateParticipant(participant, in: study.id)
        try await FindingMaker(studies: studies).refreshAll(study)
        try await recordChange(
            study, "changed participant \(updated.id)\(updated.consent.withdrawn ? " (withdrawn)" : "")", context)
        return updated
    }

    /// Erases a participant and everything of theirs, then makes the study's findings again; audited as an
    /// erasure. The caller checks that the study has the participant.
    func eraseParticipant(_ id: String, _ study: Study, _ context: StatlasRequestContext) async throws {
        try await studies.eraseParticipant(id, of: study.id)
        try await FindingMaker(studies: studies).refreshAll(study)
        try await audit.append(
            AuditEntry(
                .erase, actorId: context.user?.id, entity: .study, recordId: study.id,
                detail: "erased participant \(id) and everything of theirs"))
    }

    /// Records a change the caller made to a study (S11).
    func recordChange(_ study: Study, _ detail: String, _ context: StatlasRequestContext) async throws {
        try await audit.append(
            AuditEntry(.study, actorId: context.user?.id, entity: .study, recordId: study.id, detail: detail))
    }

    /// Records that the caller read part of a study's content (S11).
    func recordRead(_ study: Study, _ what: String, _ context: StatlasRequestContext) async throws {
        try await audit.append(
            AuditEntry(.studyRead, actorId: context.user?.id, entity: .study, recordId: study.id, detail: what))
    }

    /// A new study from JSON: `title` and `kind` at least; every mistake at once.
    static func study(json body: Data) throws -> Study {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        return try study(object: object, errors: [])
    }

    /// A new study from its fields (JSON, or a form's reading with the `errors` found reading it).
    static func study(object: [String: JSONValue], errors found: [FieldError]) throws -> Study {
        let object = object.filter { $0.value != .null }
        let allowed: Set<String> = [
            "title", "summary", "kind", "status", "leadOrganisationId", "ethicsReference", "lawfulBasis",
            "retentionDate", "thresholds",
        ]
        var errors =
            found
            + Set(object.keys).subtracting(allowed).sorted().map {
                FieldError($0, "\($0) is not a field of a new study")
            }
        if object["kind"] == nil && !errors.contains(where: { $0.field == "kind" }) {
            errors.append(FieldError("kind", "Select what the study collects"))
        }
        var study = Study()
        do {
            study = try RecordCodec.decoder().decode(
                Study.self, from: try RecordCodec.encoder().encode(JSONValue.object(Self.defaults(object))))
        } catch {
            errors.append(FieldError(Self.field(of: error) ?? "body", Self.problem(error)))
            // The rest is checked as sent: a blank study would wrongly say the title is missing.
            if case .string(let title)? = object["title"] { study.title = title }
        }
        errors += study.validate().filter { new in !errors.contains { $0.field == new.field } }
        guard errors.isEmpty else { throw StatlasError.invalid(FieldError.merge(errors, [])) }
        return study
    }

    /// The submitted fields over a new study's defaults.
    static func defaults(_ object: [String: JSONValue]) -> [String: JSONValue] {
        var result = object.filter { $0.key != "id" }
        result["id"] = .string("")
        result["version"] = .number(0)
        result["kind"] = result["kind"] ?? .string(StudyKind.interviews.rawValue)
        result["status"] = result["status"] ?? .string(StudyStatus.planning.rawValue)
        result["title"] = result["title"] ?? .string("")
        if case .object(var thresholds)? = result["thresholds"] {
            let standard = DisclosureThresholds()
            thresholds["minimumCount"] = thresholds["minimumCount"] ?? .number(Double(standard.minimumCount))
            thresholds["rounding"] = thresholds["rounding"] ?? .number(Double(standard.rounding))
            thresholds["quoteMinimum"] = thresholds["quoteMinimum"] ?? .number(Double(standard.quoteMinimum))
            result["thresholds"] = .object(thresholds)
        } else if result["thresholds"] == nil {
            result["thresholds"] = .object([
                "minimumCount": .number(10), "rounding": .number(5), "quoteMinimum": .number(10),
            ])
        }
        return result
    }

    static func field(of error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return RecordCodec.path(context.codingPath)
        case .keyNotFound(let key, let context): return RecordCodec.path(context.codingPath + [key])
        @unknown default: return nil
        }
    }

    static func problem(_ error: any Error) -> String {
        guard let field = field(of: error) else { return "The study could not be read" }
        let vocabularies: [String: [String]] = [
            "kind": StudyKind.allCases.map(\.rawValue), "status": StudyStatus.allCases.map(\.rawValue),
            "lawfulBasis": LawfulBasis.allCases.map(\.rawValue),
        ]
        if let values = vocabularies[field] { return "\(field) must be one of \(values.joined(separator: ", "))" }
        if field == "retentionDate" { return "retentionDate must be a date written YYYY-MM-DD" }
        return "\(field) is not of the right type"
    }

    /// A team member from JSON: `{"email", "role"}`.
    static func member(json body: Data) throws -> (email: String, role: StudyRole) {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        var errors = Set(object.keys).subtracting(["email", "role"]).sorted().map {
            FieldError($0, "\($0) is not a field of a team member")
        }
        var email = ""
        if case .string(let text)? = object["email"], !text.trimmedWhitespace().isEmpty {
            email = text.trimmedWhitespace()
        } else {
            errors.append(FieldError("email", "Enter the email address of the account to add"))
        }
        var role = StudyRole.reader
        if case .string(let text)? = object["role"], let value = StudyRole(rawValue: text) {
            role = value
        } else {
            errors.append(FieldError("role", "role must be one of lead, coder, reader"))
        }
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return (email, role)
    }
}

import Foundation
import Hummingbird
import StatlasCore

/// A study's codebook, its coders' codings and the agreement between two coders, for its team alone. Coders work
/// at the same time without taking turns: each coding carries its coder, and each coder's work is kept apart.
struct StudyCodingController {
    let api: StudiesController

    func register(on routes: RouteTable) {
        let base = StudiesController.base + "/{id}"
        routes.add(.get, base + "/codes", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let codes = try await api.studies.codes(of: study.id)
            try await api.recordRead(study, "codebook", context)
            return try JSONResponse.make(ListBody(items: codes, total: codes.count))
        }
        routes.add(.post, base + "/codes", .signedIn) { request, context in
            let study = try await api.contributing(context)
            let code = try Self.code(json: try await JSONResponse.body(request, context: context))
            try await api.requireRecords(Factor.self, code.factorId.map { [$0] } ?? [], field: "factorId")
            let added = try await api.studies.addCode(code, to: study.id)
            return try JSONResponse.make(
                added, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/codes"])
        }
        routes.add(.post, base + "/codes/seed", .signedIn) { _, context in
            let study = try await api.contributing(context)
            let added = try await seed(study)
            try await api.recordChange(
                study, "seeded the codebook from the register's factors (\(added.count) codes)", context)
            let codes = try await api.studies.codes(of: study.id)
            return try JSONResponse.make(ListBody(items: codes, total: codes.count), status: .created)
        }
        routes.add(.get, base + "/codings", .signedIn, query: ["coder", "code", "document"]) { _, context in
            let (study, team) = try await api.readable(context)
            var coder: String?
            if let named = context.query.text("coder") { coder = try await member(named, team, field: "coder") }
            let items = try await api.studies.codings(
                of: study.id, coder: coder, code: context.query.text("code"), document: context.query.text("document"))
            try await api.recordRead(study, "codings", context)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/codings", .signedIn) { request, context in
            let study = try await api.contributing(context)
            var coding = try Self.coding(json: try await JSONResponse.body(request, context: context))
            coding.coderId = try context.requireUser().id  // the coder is the caller
            let added = try await api.studies.addCoding(coding, to: study.id)
            return try JSONResponse.make(
                added, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/codings"])
        }
        routes.add(.get, base + "/agreement", .signedIn, query: ["coders", "code", "document", "by", "disclosure"]) {
            _, context in
            let (study, team) = try await api.readable(context)
            let answer = try await agreement(study, team, context)
            try await api.recordRead(study, "agreement", context)
            return try JSONResponse.make(answer)
        }
    }

    /// Seeds the study's codebook from the register's factors (`StudyRepository.seedCodebook`).
    func seed(_ study: Study) async throws -> [StudyCode] {
        try await api.studies.seedCodebook(study.id, factors: try await api.records.all(Factor.self))
    }

    /// The id of the team member `text` names (an email address or a user id); a 422 on `field` otherwise.
    func member(_ text: String, _ team: [StudyMember], field: String) async throws -> String {
        if team.contains(where: { $0.userId == text }) { return text }
        if let user = try await api.accounts.user(email: text), team.contains(where: { $0.userId == user.id }) {
            return user.id
        }
        throw StatlasError.invalid([FieldError(field, "\(text) is not on the study's team")])
    }

    /// One code and document's agreement, as answered.
    struct Entry: Encodable {
        var codeId: String
        var documentId: String
        var agreement: Double
        var kappa: Double
        var alpha: Double
        var units: Int
        var reading: String

        init(code: String, document: String, _ a: Agreement) {
            (codeId, documentId) = (code, document)
            (agreement, kappa, alpha, units) = (a.percentage, a.kappa, a.alpha, a.units)
            reading = "Kappa \(Agreement.reading(a.kappa)), alpha \(Agreement.reading(a.alpha))"
        }
    }

    struct Overall: Encodable {
        var agreement: Double
        var kappa: Double
        var alpha: Double
        var units: Int
        var reading: String

        init(_ a: Agreement) {
            (agreement, kappa, alpha, units) = (a.percentage, a.kappa, a.alpha, a.units)
            reading = "Kappa \(Agreement.reading(a.kappa)), alpha \(Agreement.reading(a.alpha))"
        }
    }

    struct Answer: Encodable {
        var coders: [String]
        var overall: Overall
        var codes: [Entry]
        var by: String?
        var groups: [Group]?
    }

    /// Agreement between the two coders of `coders=A,B` for each code and document in scope (one code or
    /// document when given), and pooled over them all.
    func agreement(_ study: Study, _ team: [StudyMember], _ context: StatlasRequestContext) async throws -> Answer {
        let named = context.query.list("coders")
        guard named.count == 2, named[0] != named[1] else {
            throw StatlasError.invalid([
                FieldError("coders", "Give two different coders, separated by a comma: coders=A,B")
            ])
        }
        let first = try await member(named[0], team, field: "coders")
        let second = try await member(named[1], team, field: "coders")
        // Withdrawn participants' documents leave every output, agreement included.
        let participants = Dictionary(
            try await api.studies.participants(of: study.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let index = try await api.studies.documentIndex(of: study.id)
        let kept = Set(CodeAnalysis.kept(index, participants).map(\.id))
        let lengths = try await api.studies.documentLengths(of: study.id).filter { kept.contains($0.key) }
        var codes = try await api.studies.codes(of: study.id).map(\.id)
        var documents = lengths.keys.sorted()
        if let code = context.query.text("code") {
            guard codes.contains(code) else {
                throw StatlasError.invalid([FieldError("code", "The codebook has no code with the id \(code)")])
            }
            codes = [code]
        }
        if let document = context.query.text("document") {
            guard lengths[document] != nil else {
                throw StatlasError.invalid([FieldError("document", "The study has no document with the id \(document)")]
                )
            }
            documents = [document]
        }
        let codings = try await api.studies.codings(of: study.id, coder: nil, code: nil, document: nil)
        var segments: [String: [Range<Int>]] = [:]
        for coding in codings where coding.coderId == first || coding.coderId == second {
            segments["\(coding.coderId)\u{1F}\(coding.codeId)\u{1F}\(coding.documentId)", default: []].append(
                coding.start..<coding.end)
        }
        // Only the code and document pairs either coder used: pairs neither touched would count as perfect
        // agreement and inflate the pooled figures.
        let used = Set(
            segments.keys.map { key -> String in
                let parts = key.split(separator: "\u{1F}", maxSplits: 1)
                return parts.count == 2 ? String(parts[1]) : key
            })
        var entries: [Entry] = []
        var total = Agreement()
        var byDocument: [String: Agreement] = [:]
        for code in codes {
            for document in documents where used.contains("\(code)\u{1F}\(document)") {
                let a = Agreement.of(
                    segments["\(first)\u{1F}\(code)\u{1F}\(document)"] ?? [],
                    segments["\(second)\u{1F}\(code)\u{1F}\(document)"] ?? [], length: lengths[document] ?? 0)
                total = total + a
                byDocument[document] = (byDocument[document] ?? Agreement()) + a
                entries.append(Entry(code: code, document: document, a))
            }
        }
        var query = context.query
        let by = query.text("by", max: 60)
        let controlled = query.controlled()
        try query.finish()
        var groups: [Group]?
        if let by {
            let owners = Dictionary(index.map { ($0.id, $0.participantId) }, uniquingKeysWith: { a, _ in a })
            groups = Group.pooled(
                byDocument, owners: owners, participants: participants, by: by, controlled ? study.thresholds : nil)
        }
        return Answer(
            coders: [first, second], overall: Overall(total), codes: entries, by: by, groups: groups)
    }

    /// Agreement pooled over the documents of the participants in each group of an attribute; under disclosure
    /// control a group resting on fewer participants than the study's threshold shows no measures.
    struct Group: Encodable {
        var group: String
        /// How many participants the group's figures rest on; not given when suppressed.
        var participants: Int?
        var agreement: Double?
        var kappa: Double?
        var alpha: Double?
        var units: Int?
        var reading: String?
        var suppressed: Bool

        static func pooled(
            _ byDocument: [String: Agreement], owners: [String: String], participants: [String: StudyParticipant],
            by: String, _ thresholds: DisclosureThresholds?
        ) -> [Group] {
            var pooled: [String: (Agreement, Set<String>)] = [:]
            for (document, agreement) in byDocument {
                guard let owner = owners[document] else { continue }
                let group = SurveyTable.group(of: participants[owner], by: by)
                let (sum, people) = pooled[group] ?? (Agreement(), [])
                pooled[group] = (sum + agreement, people.union([owner]))
            }
            return pooled.keys.sorted().map { group in
                let (a, people) = pooled[group]!
                if let thresholds, people.count < thresholds.minimumCount {
                    return Group(
                        group: group, participants: nil, agreement: nil, kappa: nil, alpha: nil, units: nil,
                        reading: nil, suppressed: true)
                }
                return Group(
                    group: group, participants: people.count, agreement: a.percentage, kappa: a.kappa, alpha: a.alpha,
                    units: a.units, reading: Overall(a).reading, suppressed: false)
            }
        }
    }

    /// A code from `{"name", "parentId"?, "description"?, "colour"?, "factorId"?}`.
    static func code(json body: Data) throws -> StudyCode {
        let allowed = ["name", "parentId", "description", "colour", "factorId"]
        var (fields, rest, errors) = try StudyContentController.strings(body, allowed: allowed, object: "a code")
        errors += rest.keys.sorted().map { FieldError($0, "\($0) must be a string") }
        var code = StudyCode()
        code.name = fields["name"] ?? ""
        (code.parentId, code.description) = (fields["parentId"], fields["description"])
        (code.colour, code.factorId) = (fields["colour"], fields["factorId"])
        errors += code.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return code
    }

    /// A coding from `{"documentId", "codeId", "start", "end"}` (end exclusive, in Unicode scalars).
    static func coding(json body: Data) throws -> StudyCoding {
        let allowed = ["documentId", "codeId", "start", "end"]
        var (fields, rest, errors) = try StudyContentController.strings(body, allowed: allowed, object: "a coding")
        var coding = StudyCoding()
        coding.documentId = fields["documentId"] ?? ""
        coding.codeId = fields["codeId"] ?? ""
        if coding.documentId.isEmpty { errors.append(FieldError("documentId", "Enter the document's id")) }
        if coding.codeId.isEmpty { errors.append(FieldError("codeId", "Enter the code's id")) }
        for name in ["start", "end"] {
            guard case .number(let value)? = rest[name], value == value.rounded(), (0...1e9).contains(value) else {
                errors.append(FieldError(name, "\(name) must be a whole number from 0 to 1,000,000,000"))
                continue
            }
            if name == "start" { coding.start = Int(value) } else { coding.end = Int(value) }
        }
        for name in rest.keys.sorted() where !["start", "end"].contains(name) {
            errors.append(FieldError(name, "\(name) must be a string"))
        }
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return coding
    }
}

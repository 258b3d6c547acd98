import Foundation
import Hummingbird
import StatlasCore

/// Code frequencies and co-occurrence for the team, and findings: drafted by the team from a survey question, a
/// code or a coding, approved by the lead, then public at `/api/v1/findings` — disclosure-controlled, so they
/// expose no one.
struct StudyFindingsController {
    let api: StudiesController
    var results: StudyResults { StudyResults(studies: api.studies) }
    var maker: FindingMaker { FindingMaker(studies: api.studies) }

    static let publicBase = "/api/v1/findings"

    func register(on routes: RouteTable) {
        let base = StudiesController.base + "/{id}"
        routes.add(.get, base + "/frequencies", .signedIn, query: ["by", "coder", "disclosure"]) { _, context in
            let (study, team) = try await api.readable(context)
            var query = context.query
            let controlled =
                query.controlled()
            let by = query.text("by", max: 60)
            try query.finish()
            var coder: String?
            if let named = query.text("coder") {
                coder = try await StudyCodingController(api: api).member(named, team, field: "coder")
            }
            let counted = try await results.frequencies(study, by: by, coder: coder)
            try await api.recordRead(study, "code frequencies", context)
            return try JSONResponse.make(FrequencyAnswer(counted, by: by, controlled ? study.thresholds : nil))
        }
        routes.add(.get, base + "/cooccurrence", .signedIn, query: ["disclosure"]) { _, context in
            let (study, _) = try await api.readable(context)
            var query = context.query
            let controlled =
                query.controlled()
            try query.finish()
            let pairs = CodeAnalysis.cooccurrence(
                codings: try await api.studies.codings(of: study.id, coder: nil, code: nil, document: nil),
                documents: try await api.studies.documentIndex(of: study.id),
                participants: try await results.participants(study))
            let names = Dictionary(
                try await api.studies.codes(of: study.id).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            try await api.recordRead(study, "code co-occurrence", context)
            let items = pairs.map { CooccurrenceEntry($0, names, controlled ? study.thresholds : nil) }
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.get, base + "/findings", .signedIn) { _, context in
            let (study, _) = try await api.readable(context)
            let items = try await api.studies.findings(of: study.id)
            return try JSONResponse.make(ListBody(items: items, total: items.count))
        }
        routes.add(.post, base + "/findings", .signedIn) { request, context in
            let study = try await api.contributing(context)
            var finding = try Self.finding(json: try await JSONResponse.body(request, context: context))
            try await api.requireRecords(Factor.self, finding.factorIds, field: "factorIds")
            finding.createdBy = try context.requireUser().id
            finding.createdAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let saved = try await api.studies.saveFinding(try await maker.make(finding, study))
            try await api.recordChange(study, "drafted finding \(saved.id)", context)
            return try JSONResponse.make(
                saved, status: .created, headers: [.location: "\(StudiesController.base)/\(study.id)/findings"])
        }
        for (action, status) in [("approve", FindingStatus.approved), ("withdraw", .withdrawn)] {
            routes.add(.post, base + "/findings/{findingId}/" + action, .signedIn) { _, context in
                let saved = try await decide(status, context)
                return try JSONResponse.make(saved)
            }
        }
        routes.add(.get, Self.publicBase, .everyone, query: ["factor", "limit", "offset"]) { _, context in
            var query = context.query
            let limit = query.number("limit", 1...100) ?? 20
            let offset = query.number("offset", 0...1_000_000) ?? 0
            let factor = query.text("factor", max: 200)
            try query.finish()
            let page = try await api.studies.approvedFindings(factor: factor, limit: limit, offset: offset)
            return try JSONResponse.make(ListBody(items: page.items.map(\.publicView), total: page.total))
        }
        routes.add(.get, Self.publicBase + "/{findingId}", .everyone) { _, context in
            let id = context.parameters.get("findingId") ?? ""
            guard let finding = try await api.studies.finding(id: id), finding.status == .approved else {
                throw StatlasError.notFound(entity: .finding, id: id)
            }
            return try JSONResponse.make(finding.publicView)
        }
    }

    /// Approves (made again from its source first, so it is current) or withdraws a finding: the lead only.
    func decide(_ status: FindingStatus, _ context: StatlasRequestContext) async throws -> Finding {
        let (study, team) = try await api.readable(context)
        let user = try context.requireUser()
        guard StudyAccess.role(user, team) == .lead else {
            throw StatlasError.forbidden("Only the study's lead approves or withdraws its findings.")
        }
        let id = context.parameters.get("findingId") ?? ""
        guard var finding = try await api.studies.finding(id: id), finding.studyId == study.id else {
            throw APIFailure.notFound("The study has no finding with the id \(id).")
        }
        if status == .approved { finding = try await maker.make(finding, study) }
        finding.status = status
        (finding.approvedBy, finding.approvedAt) =
            status == .approved
            ? (user.id, Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))) : (nil, nil)
        let saved = try await api.studies.saveFinding(finding)
        try await api.audit.append(
            AuditEntry(
                .study, actorId: user.id, entity: .study, recordId: study.id,
                detail: "\(status == .approved ? "approved" : "withdrew") finding \(saved.id)"))
        return saved
    }

    /// Code frequencies as answered: each code's segments, and cells of participants by group.
    struct FrequencyAnswer: Encodable {
        struct Code: Encodable {
            var codeId: String
            var name: String
            var segments: Int
        }
        struct Cell: Encodable {
            var group: String
            var codeId: String
            var count: Int?
            var percentage: Double?
            var suppressed: Bool
        }
        var by: String?
        var disclosure: String
        var unit = "interviewees"
        var codes: [Code]
        var cells: [Cell]
        var bases: [PublishedBase]
        var flags: [DisclosureFlag]

        init(
            _ counted: (table: CountTable, segments: [String: Int], codes: [StudyCode]), by: String?,
            _ thresholds: DisclosureThresholds?
        ) {
            self.by = by
            let table = counted.table
            // Segments are not people: they are the team's, and are left out of a controlled answer.
            codes = counted.codes.map {
                Code(codeId: $0.id, name: $0.name, segments: thresholds == nil ? counted.segments[$0.id] ?? 0 : 0)
            }
            var idTable = table
            idTable.values = counted.codes.map(\.id)
            if let thresholds {
                disclosure = "controlled"
                let published = Publication.frequencies(idTable, thresholds, caption: "Code frequencies")
                cells = published.cells.map {
                    Cell(
                        group: $0.group, codeId: $0.value, count: $0.count, percentage: $0.percentage.map(Double.init),
                        suppressed: $0.suppressed)
                }
                (bases, flags) = (published.bases, published.flags)
            } else {
                disclosure = "exact"
                cells = table.groups.indices.flatMap { g in
                    idTable.values.indices.map { v in
                        Cell(
                            group: table.groups[g], codeId: idTable.values[v], count: table.counts[g][v],
                            percentage: table.bases[g] > 0
                                ? Double(table.counts[g][v]) / Double(table.bases[g]) * 100 : nil,
                            suppressed: false)
                    }
                }
                bases = zip(table.groups, table.bases).map { PublishedBase(group: $0, count: $1, suppressed: false) }
                flags = DisclosureControl.groupDisclosure(table)
            }
        }
    }

    /// A pair of co-occurring codes as answered; under disclosure control, documents rounded or suppressed.
    struct CooccurrenceEntry: Encodable {
        var first: String
        var firstName: String
        var second: String
        var secondName: String
        var documents: Int?
        var segments: Int?
        var suppressed: Bool

        init(_ pair: CodeAnalysis.Pair, _ names: [String: String], _ thresholds: DisclosureThresholds?) {
            (first, second) = (pair.first, pair.second)
            (firstName, secondName) = (names[pair.first] ?? pair.first, names[pair.second] ?? pair.second)
            if let thresholds {
                suppressed = pair.documents < thresholds.minimumCount
                documents = suppressed ? nil : DisclosureControl.round(pair.documents, to: thresholds.rounding)
            } else {
                (documents, segments, suppressed) = (pair.documents, pair.segments, false)
            }
        }
    }

    /// A finding to draft from `{"title", "kind", "methodNote", "factorIds"?, "question"?, "survey"?, "by"?,
    /// "codeId"?, "codingId"?}`.
    static func finding(json body: Data) throws -> Finding {
        guard case .object(let object) = try RecordCodec.parse(body) else {
            throw StatlasError.badRequest("The request body must be a JSON object")
        }
        var errors: [FieldError] = []
        var finding = Finding()
        let sources = ["question", "survey", "by", "codeId", "codingId"]
        for (name, value) in object {
            switch (name, value) {
            case ("title", .string(let text)): finding.title = text.trimmedWhitespace()
            case ("methodNote", .string(let text)): finding.methodNote = text.trimmedWhitespace()
            case ("kind", .string(let text)):
                if let kind = FindingKind(rawValue: text) {
                    finding.kind = kind
                } else {
                    errors.append(FieldError("kind", "kind must be one of: table, frequency, quote"))
                }
            case ("factorIds", .array(let list)):
                finding.factorIds = list.compactMap { if case .string(let id) = $0 { id } else { nil } }
                if finding.factorIds.count != list.count {
                    errors.append(FieldError("factorIds", "factorIds must be a list of strings"))
                }
            case (let key, .string(let text)) where sources.contains(key):
                if !text.isEmpty { finding.source[key] = text.trimmedWhitespace() }
            case (let key, _) where sources.contains(key) || ["title", "methodNote", "kind"].contains(key):
                errors.append(FieldError(key, "\(key) must be a string"))
            case ("factorIds", _): errors.append(FieldError("factorIds", "factorIds must be a list of strings"))
            default: errors.append(FieldError(name, "\(name) is not a field of a finding"))
            }
        }
        if object["kind"] == nil { errors.append(FieldError("kind", "Give the kind: table, frequency or quote")) }
        errors += finding.validate()
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
        return finding
    }
}

import Foundation
import Hummingbird
import StatlasCore

/// A study's working pages for its team: participants (withdrawal, erasure), documents with their codings
/// highlighted and a form on each paragraph to code it without JavaScript, and the codebook. The checks are the
/// API's (`StudiesController`); every read is audited.
struct StudyWorkPages {
    let api: StudiesController
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(.get, "/studies/{id}/participants", .signedIn) { _, context in try await participants(context) }
        routes.add(.post, "/studies/{id}/participants/{participantId}/withdraw", .signedIn) { _, context in
            let study = try await api.contributing(context)
            let id = context.parameters.get("participantId") ?? ""
            guard var participant = try await api.studies.participants(of: study.id).first(where: { $0.id == id })
            else { throw StatlasError.notFound(entity: .study, id: id) }
            participant.consent.withdrawn = true
            _ = try await api.updateParticipant(participant, study, context)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/participants"])
        }
        routes.add(.get, "/studies/{id}/participants/{participantId}/erase", .signedIn) { _, context in
            let study = try await api.leading(context, "erase a participant")
            let id = context.parameters.get("participantId") ?? ""
            let model = ReportPageView(
                caption: study.title, heading: "Erase participant \(id.uppercased())?",
                intro: [
                    "Their documents, codings, survey responses, memos and any finding quoting them are deleted from every table, and deleted again if an older backup is restored. This cannot be undone."
                ], sections: [],
                confirm: ConfirmView(
                    method: "post", action: "/studies/\(study.id)/participants/\(id)/erase", label: "Erase",
                    cancelHref: "/studies/\(study.id)/participants"))
            return pages.page(model, title: "Erase a participant", context: context, section: "/studies")
        }
        routes.add(.post, "/studies/{id}/participants/{participantId}/erase", .signedIn) { _, context in
            let study = try await api.leading(context, "erase a participant")
            let id = context.parameters.get("participantId") ?? ""
            guard try await api.studies.participants(of: study.id).contains(where: { $0.id == id }) else {
                throw StatlasError.notFound(entity: .study, id: id)
            }
            try await api.eraseParticipant(id, study, context)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/participants"])
        }
        routes.add(.get, "/studies/{id}/documents/{docId}", .signedIn) { _, context in try await document(context) }
        routes.add(.post, "/studies/{id}/documents/{docId}/codings", .signedIn) { request, context in
            try await code(request, context)
        }
        routes.add(.get, "/studies/{id}/codebook", .signedIn) { _, context in try await codebook(context) }
        for format in ["qdc", "qdpx"] {
            routes.add(.get, "/studies/{id}/export." + format, .signedIn) { _, context in
                let (study, team) = try await api.readable(context)
                return try await StudyExchangeController(api: api).export(study, team, format: format, context)
            }
        }
        routes.add(.post, "/studies/{id}/codebook/seed", .signedIn) { _, context in
            let study = try await api.contributing(context)
            _ = try await StudyCodingController(api: api).seed(study)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/codebook"])
        }
    }

    func participants(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let user = try context.requireUser()
        let list = try await api.studies.participants(of: study.id)
        try await api.recordRead(study, "participants page", context)
        func consent(_ c: Consent) -> String {
            if c.withdrawn { return "Withdrawn" }
            let given = [
                ("interview", c.interview), ("recording", c.recording), ("quotation", c.quotation),
                ("follow-up", c.followUp),
            ]
            .filter(\.1).map(\.0)
            return given.isEmpty ? "None recorded" : given.joined(separator: ", ")
        }
        var section = SectionView(
            id: "participants", heading: "Participants",
            paragraphs: [
                "Participants are known by pseudonym only. A withdrawn participant's documents, codings and quotes leave every output."
            ],
            table: list.isEmpty
                ? nil
                : TableView(
                    caption: "Participants", head: ["Pseudonym", "Attributes", "Consent"],
                    rows: list.map { p in
                        RowView([
                            .text(p.pseudonym),
                            .text(
                                p.attributes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
                                    separator: "; ")),
                            .text(consent(p.consent)),
                        ])
                    }),
            empty: list.isEmpty ? "No participants yet: add them through the API or import survey responses." : nil)
        var forms: [ButtonFormView] = []
        if StudyAccess.mayContribute(user, team) {
            forms += list.filter { !$0.consent.withdrawn }.map {
                ButtonFormView(
                    text: "\($0.pseudonym): withdraw from the study",
                    action: "/studies/\(study.id)/participants/\($0.id)/withdraw", label: "Withdraw")
            }
        }
        section.forms = forms
        section.hasForms = !forms.isEmpty
        var sections = [section]
        if StudyAccess.role(user, team) == .lead && !list.isEmpty {
            sections.append(
                SectionView.list(
                    id: "erase", heading: "Erase a participant",
                    links: list.map {
                        LinkView("Erase \($0.pseudonym)", href: "/studies/\(study.id)/participants/\($0.id)/erase")
                    },
                    empty: "", paragraphs: ["Erasure deletes everything of theirs, for good (the lead only)."]))
        }
        let model = ReportPageView(
            caption: study.title, heading: "Participants", sections: sections,
            confirm: StudyAccess.mayContribute(user, team)
                ? ConfirmView(
                    method: "get", action: "/studies/\(study.id)/participants/new", label: "Add a participant",
                    cancelHref: "/studies/\(study.id)") : nil)
        return pages.page(model, title: "Participants: \(study.title)", context: context, section: "/studies")
    }

    func document(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let user = try context.requireUser()
        let id = context.parameters.get("docId") ?? ""
        guard let document = try await api.studies.document(id, of: study.id) else {
            throw StatlasError.notFound(entity: .study, id: id)
        }
        try await api.recordRead(study, "document \(document.id) page", context)
        let codes = try await api.studies.codes(of: study.id)
        let codings = try await api.studies.codings(of: study.id, coder: nil, code: nil, document: document.id)
        let names = Dictionary(codes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let shades = Dictionary(codes.enumerated().map { ($1.id, $0 % 6) }, uniquingKeysWith: { a, _ in a })
        let coders = Dictionary(team.map { ($0.userId, $0.name) }, uniquingKeysWith: { a, _ in a })
        let participant = try await api.studies.participants(of: study.id).first { $0.id == document.participantId }
        let action =
            StudyAccess.mayContribute(user, team) && !codes.isEmpty
            ? "/studies/\(study.id)/documents/\(document.id)/codings" : nil
        let options = Self.codeOptions(codes)
        let passages = Self.passages(document.text, codings: codings, names: names, shades: shades).map { passage in
            var p = passage
            (p.action, p.options) = (action, action == nil ? [] : options)
            return p
        }
        let scalars = Array(document.text.unicodeScalars)
        var text = SectionView(
            id: "text", heading: "Text",
            paragraphs: [
                action == nil
                    ? "Coded passages are highlighted; each names its codes for screen readers."
                    : "Choose a code under a paragraph to code all of it; with JavaScript, select words in a paragraph to code just those."
            ])
        (text.passages, text.hasPassages) = (passages, !passages.isEmpty)
        if passages.isEmpty { text.empty = "The document is empty." }
        let listed = SectionView(
            id: "codings", heading: "Codings",
            table: codings.isEmpty
                ? nil
                : TableView(
                    caption: "Codings of this document", head: ["Code", "Coder", "Text", "Characters"],
                    rows: codings.map { c in
                        let excerpt = String(
                            String.UnicodeScalarView(scalars[min(c.start, scalars.count)..<min(c.end, scalars.count)]))
                        return RowView([
                            .text(names[c.codeId] ?? c.codeId), .text(coders[c.coderId] ?? "A former member"),
                            .text(
                                excerpt.unicodeScalars.count > 120
                                    ? String(String.UnicodeScalarView(excerpt.unicodeScalars.prefix(120))) + "…"
                                    : excerpt),
                            .text("\(c.start)–\(c.end)"),
                        ])
                    }),
            empty: codings.isEmpty ? "Nobody has coded this document yet." : nil)
        let memos = try await api.studies.memos(of: study.id, target: .document, id: document.id)
        var memoSection = SectionView(
            id: "memos", heading: "Memos",
            paragraphs: memos.map { "\(coders[$0.authorId] ?? "A former member"): \($0.text)" },
            empty: memos.isEmpty ? "No memos on this document." : nil)
        if StudyAccess.mayContribute(user, team) {
            memoSection.links = [
                LinkView(
                    "Write a memo on this document", href: "/studies/\(study.id)/documents/\(document.id)/memos/new")
            ]
            memoSection.hasLinks = true
        }
        let model = ReportPageView(
            caption: study.title, heading: document.title,
            intro: [
                "Participant \(participant?.pseudonym ?? document.participantId)\(participant?.consent.withdrawn == true ? " (withdrawn: left out of every output)" : ""); from a \(document.format.label.prefix(1).lowercased() + document.format.label.dropFirst()) file, \(document.length) characters."
            ],
            sections: [text, listed, memoSection])
        return pages.page(model, title: document.title, context: context, section: "/studies")
    }

    /// Codes as select options, children under their parents ("Barrier › Funding").
    static func codeOptions(_ codes: [StudyCode]) -> [CodeOptionView] {
        let byId = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func path(_ code: StudyCode) -> String {
            var names = [code.name]
            var current = code
            var seen: Set<String> = [code.id]
            while let parent = current.parentId.flatMap({ byId[$0] }), seen.insert(parent.id).inserted {
                names.insert(parent.name, at: 0)
                current = parent
            }
            return names.joined(separator: " › ")
        }
        return codes.map { CodeOptionView(value: $0.id, label: path($0)) }.sorted { $0.label < $1.label }
    }

    /// The text's lines as paragraphs (positions in Unicode scalars), each split into runs at coding boundaries.
    static func passages(
        _ text: String, codings: [StudyCoding], names: [String: String], shades: [String: Int]
    ) -> [PassageView] {
        let scalars = Array(text.unicodeScalars)
        var result: [PassageView] = []
        var start = 0
        var number = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
            defer { start = index + 1 }
            guard index > start else { continue }
            number += 1
            let inside = codings.filter { $0.start < index && $0.end > start }
            var cuts = Set([start, index])
            for c in inside { cuts.formUnion([max(c.start, start), min(c.end, index)]) }
            let points = cuts.sorted()
            var spans: [SpanView] = []
            for (a, b) in zip(points, points.dropFirst()) where a < b {
                let covering = inside.filter { $0.start <= a && $0.end >= b }
                let codeNames = Array(Set(covering.map { names[$0.codeId] ?? $0.codeId })).sorted()
                spans.append(
                    SpanView(
                        text: String(String.UnicodeScalarView(scalars[a..<b])), marked: !covering.isEmpty,
                        codes: codeNames.joined(separator: ", "),
                        shade: covering.first.flatMap { shades[$0.codeId] } ?? 0))
            }
            result.append(PassageView(number: number, start: start, end: index, spans: spans))
        }
        return result
    }

    /// Codes a paragraph (or, from the script, the selected words) as the chosen code; back to the paragraph.
    func code(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let study = try await api.contributing(context)
        let id = context.parameters.get("docId") ?? ""
        let input = try await FormData.read(request, context)
        var coding = StudyCoding()
        coding.documentId = id
        coding.codeId = input["codeId"] ?? ""
        coding.start = Bounds.parse(input["start"] ?? "", 0...1_000_000_000) ?? -1
        coding.end = Bounds.parse(input["end"] ?? "", 0...1_000_000_000) ?? -1
        coding.coderId = try context.requireUser().id
        _ = try await api.studies.addCoding(coding, to: study.id)
        let document = try await api.studies.document(id, of: study.id)
        let paragraph =
            document.map { d in
                1 + d.text.unicodeScalars.prefix(max(0, coding.start)).filter { $0 == "\n" }.count
            } ?? 1
        return Response(
            status: .seeOther, headers: [.location: "/studies/\(study.id)/documents/\(id)#p\(paragraph)"])
    }

    func codebook(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let user = try context.requireUser()
        let codes = try await api.studies.codes(of: study.id)
        try await api.recordRead(study, "codebook page", context)
        let options = Self.codeOptions(codes)
        let byId = Dictionary(codes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var section = SectionView(
            id: "codes", heading: "Codes",
            table: codes.isEmpty
                ? nil
                : TableView(
                    caption: "The codebook", head: ["Code", "Register factor", "Description"],
                    rows: options.map { option in
                        let code = byId[option.value]
                        return RowView([
                            .text(option.label),
                            code?.factorId.map { CellView.link($0, "/factors/\($0)") } ?? .empty,
                            .text(code?.description ?? ""),
                        ])
                    }),
            empty: codes.isEmpty ? "The codebook is empty." : nil)
        if StudyAccess.mayContribute(user, team) {
            section.forms = [
                ButtonFormView(
                    text: "Add Incentive, Barrier and Enabler with the register's factors under them",
                    action: "/studies/\(study.id)/codebook/seed", label: "Seed from the register's factors")
            ]
            section.hasForms = true
        }
        let exchange = SectionView.list(
            id: "exchange", heading: "With other QDA tools",
            links: [LinkView("Download the codebook", href: "/studies/\(study.id)/export.qdc", note: "REFI-QDA (.qdc)")]
                + (StudyAccess.mayContribute(user, team)
                    ? [
                        LinkView(
                            "Import a codebook or project", href: "/studies/\(study.id)/import",
                            note: "from NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdc or .qdpx)")
                    ] : []),
            empty: "")
        let model = ReportPageView(
            caption: study.title, heading: "Codebook", sections: [section, exchange],
            confirm: StudyAccess.mayContribute(user, team)
                ? ConfirmView(
                    method: "get", action: "/studies/\(study.id)/codebook/new", label: "Add a code",
                    cancelHref: "/studies/\(study.id)") : nil)
        return pages.page(model, title: "Codebook: \(study.title)", context: context, section: "/studies")
    }
}

import Foundation
import Hummingbird
import StatlasCore

/// A study's results for its team: code frequencies by attribute, co-occurrence and agreement between coders;
/// survey tables; and findings, drafted from them and approved by the lead. Each table can be seen exact (the
/// team's) or as it would be published.
struct StudyResultPages {
    let api: StudiesController
    let pages: PageRenderer
    var results: StudyResults { StudyResults(studies: api.studies) }

    func register(on routes: RouteTable) {
        routes.add(.get, "/studies/{id}/analysis", .signedIn, query: ["by", "disclosure", "coders"]) { _, context in
            try await analysis(context)
        }
        routes.add(.get, "/studies/{id}/surveys/{surveyId}", .signedIn, query: ["question", "by", "disclosure"]) {
            _, context in try await survey(context)
        }
        routes.add(.get, "/studies/{id}/findings", .signedIn) { _, context in try await findings(context) }
        routes.add(
            .get, "/studies/{id}/agreement", .signedIn, query: ["coders", "code", "document", "by", "disclosure"]
        ) {
            _, context in
            try await agreement(context)
        }
        routes.add(.get, "/studies/{id}/findings/new", .signedIn, query: Self.findingFields.map(\.name)) {
            _, context in
            let study = try await api.contributing(context)
            var input = FormData()
            for field in Self.findingFields {
                if let value = context.query.text(field.name) { input.append(field.name, value) }
            }
            return findingForm(study, input, errors: [], context)
        }
        routes.add(.post, "/studies/{id}/findings/new", .signedIn) { request, context in
            try await draft(request, context)
        }
        for (action, status) in [("approve", FindingStatus.approved), ("withdraw", .withdrawn)] {
            routes.add(.post, "/studies/{id}/findings/{findingId}/" + action, .signedIn) { _, context in
                let saved = try await StudyFindingsController(api: api).decide(status, context)
                return Response(status: .seeOther, headers: [.location: "/studies/\(saved.studyId)/findings"])
            }
        }
    }

    static let findingFields: [FieldSpec] = [
        FieldSpec("title", "Title", hint: "What the finding says, in a sentence", required: true),
        .choice("kind", "What it publishes", FindingKind.self, required: true),
        FieldSpec("question", "Survey question id (a table)", hint: "For example, Q1"),
        FieldSpec("codeId", "Code id (frequencies)", hint: "For example, barrier"),
        FieldSpec("codingId", "Coding id (a quote)"),
        FieldSpec("by", "Broken down by the attribute", hint: "For example, organisationKind"),
        FieldSpec(
            "methodNote", "Method note", .longText, hint: "Sample, method, coders, disclosure control", required: true),
    ]

    /// A group as people read it (`StudyParticipant.label`).
    static func label(_ value: String) -> String { StudyParticipant.label(value) }

    /// A table as published: one row per answer or code, one column per group, a cell "count (p%, 95% CI a–b%)"
    /// or [c], and each group's base last.
    static func tableView(_ table: PublishedTable) -> TableView {
        TableView(
            caption: table.caption + " (\(table.unit); [c] = suppressed)",
            head: [""] + table.groups.map(label),
            rows: table.values.map { value in
                RowView(
                    [.text(value)]
                        + table.groups.map { group in
                            guard let cell = table.cell(group, value), let count = cell.count else {
                                return CellView.text(PublishedCount.marker)
                            }
                            guard let p = cell.percentage else { return .text("\(count)") }
                            return .text("\(count) (\(p)%, 95% CI \(cell.wilsonLow ?? 0)–\(cell.wilsonHigh ?? 0)%)")
                        })
            } + [
                RowView(
                    [.text("Base (\(table.unit))")]
                        + table.groups.map { group in
                            .text(
                                table.bases.first { $0.group == group }?.count.map(String.init) ?? PublishedCount.marker
                            )
                        })
            ])
    }

    /// The exact table in the same shape (whole-number percentages for reading; the API gives full precision),
    /// with an All column when broken down.
    static func exactView(
        _ table: CountTable, caption: String, unit: String, exact: (String, Int) -> (Double, Double, Double)?
    ) -> TableView {
        let groups = table.groups + (table.groups.count > 1 ? [SurveyTable.all] : [])
        func count(_ g: Int, _ v: Int) -> Int { g < table.groups.count ? table.counts[g][v] : table.columnTotals[v] }
        return TableView(
            caption: caption + " (\(unit), exact: for the team only)", head: [""] + groups.map(label),
            rows: table.values.indices.map { v in
                RowView(
                    [.text(table.values[v])]
                        + groups.indices.map { g in
                            guard let (p, low, high) = exact(groups[g], v) else {
                                return CellView.text("\(count(g, v))")
                            }
                            return .text(
                                "\(count(g, v)) (\(Int(p.rounded()))%, 95% CI \(Int(low.rounded()))–\(Int(high.rounded()))%)"
                            )
                        })
            } + [
                RowView(
                    [.text("Base (\(unit))")]
                        + groups.indices.map { g in .text("\(g < table.groups.count ? table.bases[g] : table.total)") })
            ])
    }

    /// Links that switch between the exact and the published table, and between breakdowns.
    static func choices(_ base: String, _ params: [String: String], attributes: [String], by: String?, controlled: Bool)
        -> [SectionView]
    {
        func href(_ changes: [String: String?]) -> String {
            var all = params
            for (k, v) in changes { all[k] = v }
            let query = all.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }
                .map {
                    "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+"))) ?? "")"
                }
            return base + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        let view = [
            LinkView(
                controlled ? "Show the exact table (team only)" : "Show the table as it would be published",
                href: href(["disclosure": controlled ? "" : "controlled"]))
        ]
        let breakdown =
            [LinkView(by == nil ? "No breakdown (shown)" : "No breakdown", href: by == nil ? nil : href(["by": ""]))]
            + attributes.map {
                LinkView(by == $0 ? "By \($0) (shown)" : "By \($0)", href: by == $0 ? nil : href(["by": $0]))
            }
        return [
            SectionView.list(id: "view", heading: "View", links: view, empty: ""),
            SectionView.list(id: "breakdown", heading: "Break down by", links: breakdown, empty: ""),
        ]
    }

    func analysis(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        var query = context.query
        let controlled = query.controlled()
        let by = query.text("by", max: 60)
        try query.finish()
        let participants = try await api.studies.participants(of: study.id)
        let attributes = Array(Set(participants.flatMap(\.attributes.keys))).sorted()
        let counted = try await results.frequencies(study, by: by, coder: nil)
        try await api.recordRead(study, "analysis page", context)
        let caption = "Interviewees coded with each code" + (by.map { " by \($0)" } ?? "")
        // Codes nobody has used are left out; each code is named with its parents ("Barrier › Funding").
        let paths = Dictionary(
            StudyWorkPages.codeOptions(counted.codes).map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        let used = counted.codes.indices.filter { c in counted.table.counts.contains { $0[c] > 0 } }
            .sorted { (paths[counted.codes[$0].id] ?? "") < (paths[counted.codes[$1].id] ?? "") }
        var shown = counted.table
        shown.values = used.map { paths[counted.codes[$0].id] ?? counted.codes[$0].name }
        shown.counts = counted.table.counts.map { row in used.map { row[$0] } }
        let table: TableView
        if controlled {
            table = Self.tableView(Publication.frequencies(shown, study.thresholds, caption: caption))
        } else {
            table = Self.exactView(shown, caption: caption, unit: "interviewees") { group, v in
                let g = shown.groups.firstIndex(of: group)
                let base = g.map { shown.bases[$0] } ?? shown.total
                guard base > 0 else { return nil }
                let p = Double(g.map { shown.counts[$0][v] } ?? shown.columnTotals[v]) / Double(base)
                let w = Wilson.interval(p: p, n: Double(base))
                return (p * 100, w.low * 100, w.high * 100)
            }
        }
        var params = ["by": by ?? "", "disclosure": controlled ? "controlled" : ""]
        params = params.filter { !$0.value.isEmpty }
        var sections = Self.choices(
            "/studies/\(study.id)/analysis", params, attributes: attributes, by: by, controlled: controlled)
        sections.append(
            SectionView(
                id: "frequencies", heading: "Code frequencies",
                paragraphs: [
                    "A code counts the interviewees with at least one segment coded with it or a code under it, by any coder. Withdrawn participants are left out."
                ],
                table: counted.codes.isEmpty ? nil : table,
                empty: counted.codes.isEmpty ? "The codebook is empty." : nil))
        let pairs = CodeAnalysis.cooccurrence(
            codings: try await api.studies.codings(of: study.id, coder: nil, code: nil, document: nil),
            documents: try await api.studies.documentIndex(of: study.id),
            participants: Dictionary(participants.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        let names = Dictionary(counted.codes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        sections.append(
            SectionView(
                id: "cooccurrence", heading: "Codes that occur together",
                paragraphs: ["Pairs of codes whose segments overlap in the same document."],
                table: pairs.isEmpty
                    ? nil
                    : TableView(
                        caption: "Co-occurring codes", head: ["Code", "With", "Documents", "Overlapping segments"],
                        rows: pairs.prefix(50).map { pair in
                            let hidden = controlled && pair.documents < study.thresholds.minimumCount
                            let documents =
                                hidden
                                ? PublishedCount.marker
                                : "\(controlled ? DisclosureControl.round(pair.documents, to: study.thresholds.rounding) : pair.documents)"
                            return RowView([
                                .text(names[pair.first] ?? pair.first), .text(names[pair.second] ?? pair.second),
                                .text(documents), .text(controlled ? "Not published" : "\(pair.segments)"),
                            ])
                        }),
                empty: pairs.isEmpty ? "No two codes overlap yet." : nil))
        let coders = team.filter { $0.role != .reader }
        var agreement: [LinkView] = []
        for (i, a) in coders.enumerated() {
            for b in coders.dropFirst(i + 1) {
                agreement.append(
                    LinkView(
                        "\(a.name) and \(b.name)", href: "/studies/\(study.id)/agreement?coders=\(a.userId),\(b.userId)"
                    ))
            }
        }
        sections.append(
            SectionView.list(
                id: "agreement", heading: "Agreement between coders", links: agreement,
                empty: "Agreement needs two coders on the team.",
                paragraphs: [
                    "Percentage agreement, Cohen's kappa and Krippendorff's alpha over every character, per code and document and pooled."
                ]))
        let model = ReportPageView(caption: study.title, heading: "Analysis", sections: sections)
        return pages.page(model, title: "Analysis: \(study.title)", context: context, section: "/studies")
    }

    func agreement(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let answer = try await StudyCodingController(api: api).agreement(study, team, context)
        try await api.recordRead(study, "agreement page", context)
        let names = Dictionary(team.map { ($0.userId, $0.name) }, uniquingKeysWith: { a, _ in a })
        let codes = Dictionary(
            try await api.studies.codes(of: study.id).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let documents = Dictionary(
            try await api.studies.documents(of: study.id).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        func measures(_ agreement: Double, _ kappa: Double, _ alpha: Double) -> [CellView] {
            [
                .text(String(format: "%.1f%%", agreement * 100)),
                .text(String(format: "%.2f", kappa) + " (\(Agreement.reading(kappa)))"),
                .text(String(format: "%.2f", alpha) + " (\(Agreement.reading(alpha)))"),
            ]
        }
        let coded = answer.codes.filter { $0.agreement < 1 || $0.kappa < 1 }
        let o = answer.overall
        let attributes = Array(Set(try await api.studies.participants(of: study.id).flatMap(\.attributes.keys)))
            .sorted()
        let controlled = context.query.text("disclosure") == "controlled"
        var params = ["coders": answer.coders.joined(separator: ","), "by": answer.by ?? ""]
        if controlled { params["disclosure"] = "controlled" }
        var sections = Self.choices(
            "/studies/\(study.id)/agreement", params.filter { !$0.value.isEmpty }, attributes: attributes,
            by: answer.by,
            controlled: controlled)
        if let groups = answer.groups, let by = answer.by {
            sections.append(
                SectionView(
                    id: "by-group", heading: "By \(by)",
                    paragraphs: ["Pooled over the documents of each group's participants."],
                    table: TableView(
                        caption: "Agreement by \(by)"
                            + (controlled ? " ([c]: fewer than \(study.thresholds.minimumCount) participants)" : ""),
                        head: [by, "Participants", "Agreement", "Cohen's kappa", "Krippendorff's alpha"],
                        rows: groups.map { g in
                            guard let agreement = g.agreement, let kappa = g.kappa, let alpha = g.alpha else {
                                return RowView(
                                    [.text(Self.label(g.group))]
                                        + Array(repeating: CellView.text(PublishedCount.marker), count: 4))
                            }
                            return RowView(
                                [.text(Self.label(g.group)), .text("\(g.participants ?? 0)")]
                                    + measures(agreement, kappa, alpha))
                        })))
        }
        let model = ReportPageView(
            caption: study.title,
            heading: "Agreement: \(answer.coders.map { names[$0] ?? $0 }.joined(separator: " and "))",
            intro: [
                "Overall, over \(o.units) characters: \(String(format: "%.1f", o.agreement * 100))% agreement; Cohen's kappa \(String(format: "%.2f", o.kappa)), \(Agreement.reading(o.kappa)) agreement; Krippendorff's alpha \(String(format: "%.2f", o.alpha)), \(Agreement.reading(o.alpha)).",
                "Each character of each document is a unit, coded or not with a code by each coder. Readings follow Landis and Koch: 0.41 to 0.60 moderate, 0.61 to 0.80 substantial.",
            ],
            sections: sections + [
                SectionView(
                    id: "by-code", heading: "By code and document",
                    table: coded.isEmpty
                        ? nil
                        : TableView(
                            caption:
                                "Agreement by code and document (pairs on which the two agree on every character are left out)",
                            head: ["Code", "Document", "Agreement", "Cohen's kappa", "Krippendorff's alpha"],
                            rows: coded.map { e in
                                RowView(
                                    [
                                        .text(codes[e.codeId] ?? e.codeId),
                                        .text(documents[e.documentId] ?? e.documentId),
                                    ]
                                        + measures(e.agreement, e.kappa, e.alpha))
                            }),
                    empty: coded.isEmpty ? "The two coders agree on every character." : nil)
            ])
        return pages.page(model, title: "Agreement: \(study.title)", context: context, section: "/studies")
    }

    func survey(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let id = context.parameters.get("surveyId") ?? ""
        guard let survey = try await api.studies.surveys(of: study.id).first(where: { $0.id == id }) else {
            throw StatlasError.notFound(entity: .study, id: id)
        }
        var query = context.query
        let controlled = query.controlled()
        let by = query.text("by", max: 60)
        let chosen =
            query.text("question", max: 60).flatMap(survey.question) ?? survey.questions.first { $0.kind != .text }
        try query.finish()
        try await api.recordRead(study, "survey \(survey.id) page", context)
        var sections = [
            SectionView.list(
                id: "questions", heading: "Questions",
                links: survey.questions.map { q in
                    LinkView(
                        "\(q.id). \(q.text)",
                        href: q.kind == .text || q.id == chosen?.id
                            ? nil : "/studies/\(study.id)/surveys/\(survey.id)?question=\(q.id)",
                        note: q.kind == .text
                            ? "free text: coded as documents" : q.id == chosen?.id ? "shown below" : q.kind.label)
                }, empty: "")
        ]
        if let chosen {
            let table = try await results.table(study, question: chosen.id, survey: survey.id, by: by)
            let attributes = Array(Set(try await api.studies.participants(of: study.id).flatMap(\.attributes.keys)))
                .sorted()
            var params = ["question": chosen.id, "by": by ?? "", "disclosure": controlled ? "controlled" : ""]
            params = params.filter { !$0.value.isEmpty }
            sections += Self.choices(
                "/studies/\(study.id)/surveys/\(survey.id)", params, attributes: attributes, by: by,
                controlled: controlled)
            let view =
                controlled
                ? Self.tableView(Publication.table(table, study.thresholds, caption: chosen.text))
                : Self.exactView(table.counts, caption: chosen.text, unit: "respondents") { group, v in
                    table.cells.first { $0.group == group && $0.value == table.counts.values[v] }
                        .map { ($0.percentage, $0.wilsonLow, $0.wilsonHigh) }
                }
            sections.append(
                SectionView(
                    id: "table", heading: "\(chosen.id). \(chosen.text)",
                    paragraphs: [
                        "Percentages are of each group's respondents who answered, weighted when the responses carry weights, with 95% Wilson intervals (Kish's effective sample size)."
                    ],
                    table: view))
        }
        let model = ReportPageView(
            caption: study.title, heading: survey.title, sections: sections,
            confirm: StudyAccess.mayContribute(try context.requireUser(), team)
                ? ConfirmView(
                    method: "get", action: "/studies/\(study.id)/surveys/\(survey.id)/responses/new",
                    label: "Add responses", cancelHref: "/studies/\(study.id)") : nil)
        return pages.page(model, title: survey.title, context: context, section: "/studies")
    }

    func findings(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        let user = try context.requireUser()
        let list = try await api.studies.findings(of: study.id)
        let isLead = StudyAccess.role(user, team) == .lead
        var sections: [SectionView] = []
        for finding in list {
            var section = SectionView(
                id: "finding-\(finding.id)", heading: finding.title,
                paragraphs: ["\(finding.status.label). \(finding.summary)", "Method: \(finding.methodNote)"]
                    + (finding.quote.map { q in
                        [
                            "“\(q.text)”"
                                + (q.attributes.isEmpty
                                    ? ""
                                    : " — "
                                        + q.attributes.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", "))
                        ]
                    } ?? []),
                table: finding.table.map(Self.tableView))
            if let flags = finding.table?.flags, !flags.isEmpty {
                section.warning = "Check before approving: " + flags.map(\.message).joined(separator: "; ")
            }
            if isLead {
                section.forms =
                    finding.status == .approved
                    ? [
                        ButtonFormView(
                            text: "Public at /findings/\(finding.id)",
                            action: "/studies/\(study.id)/findings/\(finding.id)/withdraw", label: "Withdraw")
                    ]
                    : finding.status == .draft
                        ? [
                            ButtonFormView(
                                text: "Made again from its source, then public",
                                action: "/studies/\(study.id)/findings/\(finding.id)/approve", label: "Approve")
                        ]
                        : []
                section.hasForms = !section.forms.isEmpty
            }
            sections.append(section)
        }
        if sections.isEmpty {
            sections.append(
                SectionView(
                    id: "none", heading: "No findings yet",
                    empty: "Draft one from a survey table, a code's frequencies or a coded quote."))
        }
        let model = ReportPageView(
            caption: study.title, heading: "Findings",
            intro: [
                "A finding is public once the lead approves it: its tables pass disclosure control and its quotes need consent and enough participants sharing what is shown."
            ],
            sections: sections,
            confirm: StudyAccess.mayContribute(user, team)
                ? ConfirmView(
                    method: "get", action: "/studies/\(study.id)/findings/new", label: "Draft a finding",
                    cancelHref: "/studies/\(study.id)")
                : nil)
        return pages.page(model, title: "Findings: \(study.title)", context: context, section: "/studies")
    }

    func findingForm(_ study: Study, _ input: FormData, errors: [FieldError], _ context: StatlasRequestContext)
        -> Response
    {
        SimpleForm(
            title: "Draft a finding", caption: study.title, fields: Self.findingFields,
            action: "/studies/\(study.id)/findings/new", submitLabel: "Draft the finding",
            cancelHref: "/studies/\(study.id)/findings",
            intro: [
                "Give a survey question for a table, a code for frequencies among interviewees, or a coding for a quote. The lead approves it before it is public."
            ]
        ).render(
            pages, context: context, input: input, errors: errors, status: errors.isEmpty ? nil : .unprocessableContent,
            section: "/studies")
    }

    func draft(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let study = try await api.contributing(context)
        let input = try await FormData.read(request, context)
        var finding = Finding()
        finding.title = (input["title"] ?? "").trimmedWhitespace()
        finding.methodNote = (input["methodNote"] ?? "").trimmedWhitespace()
        var errors: [FieldError] = []
        if let kind = FindingKind(rawValue: input["kind"] ?? "") {
            finding.kind = kind
        } else {
            errors.append(FieldError("kind", "Select what the finding publishes"))
        }
        for name in ["question", "codeId", "codingId", "by"] {
            if let value = input[name]?.trimmedWhitespace(), !value.isEmpty { finding.source[name] = value }
        }
        finding.createdBy = try context.requireUser().id
        finding.createdAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        do {
            errors += finding.validate()
            guard errors.isEmpty else { throw StatlasError.invalid(errors) }
            let saved = try await api.studies.saveFinding(
                try await FindingMaker(studies: api.studies).make(finding, study))
            try await api.recordChange(study, "drafted finding \(saved.id)", context)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/findings"])
        } catch StatlasError.invalid(let more) {
            return findingForm(study, input, errors: FieldError.merge(errors, more), context)
        }
    }
}

import Foundation
import Hummingbird
import StatlasCore

/// The pages of confidential research studies: your studies (and, for administrators, that the others exist),
/// starting one, a study's page for its team, and its team for its lead and administrators. The checks are
/// those of the API (`StudiesController`): to anyone not on the team a study's page does not exist.
struct StudyPages {
    let api: StudiesController
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(.get, "/studies", .signedIn) { _, context in try await list(context) }
        routes.add(.get, "/studies/new", .signedIn) { _, context in newForm(FormData(), errors: [], context) }
        routes.add(.post, "/studies/new", .signedIn) { request, context in try await start(request, context) }
        routes.add(.get, "/studies/{id}", .signedIn) { _, context in try await show(context) }
        routes.add(.get, "/studies/{id}/team", .signedIn) { _, context in try await team(context) }
        routes.add(.get, "/studies/{id}/team/new", .signedIn) { _, context in
            let (study, _) = try await api.manageable(context)
            return memberForm(study, FormData(), errors: [], context)
        }
        routes.add(.post, "/studies/{id}/team/{userId}/remove", .signedIn) { _, context in
            let (study, _) = try await api.manageable(context)
            _ = try await api.removeMember(context.parameters.get("userId") ?? "", context)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/team"])
        }
        routes.add(.post, "/studies/{id}/team/new", .signedIn) { request, context in
            try await addMember(request, context)
        }
    }

    static let studyFields: [FieldSpec] = [
        FieldSpec("title", "Title", required: true),
        .choice("kind", "Kind of study", StudyKind.self, required: true),
        FieldSpec("summary", "Summary", .longText, hint: "What the study asks, of whom, and why"),
        FieldSpec("ethicsReference", "Ethics approval reference"),
        .choice("lawfulBasis", "Lawful basis for processing participants' data", LawfulBasis.self),
        FieldSpec("retentionDate", "Delete personal data by", .date, hint: "For example, 31 3 2028"),
    ]

    static let memberFields: [FieldSpec] = [
        FieldSpec("email", "Email address of their account", .email, required: true),
        .choice("role", "Role on the team", StudyRole.self, required: true),
    ]

    func list(_ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let mine = try await api.studies.studies(of: user.id)
        var sections = [
            SectionView(
                id: "yours", heading: "Studies you are on",
                table: mine.isEmpty
                    ? nil
                    : TableView(
                        caption: "Studies you are on", head: ["Study", "Collects", "Status", "Your role"],
                        rows: mine.map { entry in
                            RowView([
                                .link(entry.study.title, "/studies/" + entry.study.id), .text(entry.study.kind.label),
                                .text(entry.study.status.label), .text(entry.role.label),
                            ])
                        }),
                empty: mine.isEmpty ? "You are not on any study's team." : nil)
        ]
        if user.isAdmin {
            // Administrators may see that each study exists and change its team, not read it.
            let every = try await api.studies.all()
            sections.append(
                SectionView.list(
                    id: "every-study", heading: "Every study (administrators)",
                    links: every.map { LinkView($0.title, href: "/studies/\($0.id)/team", note: "its team") },
                    empty: "No studies have been started.",
                    paragraphs: [
                        "As an administrator you may see that a study exists and change its team, but not read it unless you are on its team."
                    ]))
        }
        let model = ReportPageView(
            heading: "Research studies",
            intro: [
                "Confidential interview and survey studies of how organisations collaborate. Only a study's team can read it; what leaves a study does so only as disclosure-controlled findings."
            ],
            sections: sections,
            confirm: ConfirmView(method: "get", action: "/studies/new", label: "Start a study", cancelHref: "/"))
        return pages.page(model, title: "Research studies", context: context, section: "/studies")
    }

    func newForm(_ input: FormData, errors: [FieldError], _ context: StatlasRequestContext) -> Response {
        SimpleForm(
            title: "Start a study", caption: "Research studies", fields: Self.studyFields, action: "/studies/new",
            submitLabel: "Start the study", cancelHref: "/studies",
            intro: ["You will be the study's lead: you manage its team and approve its findings."]
        ).render(
            pages, context: context, input: input, errors: errors,
            status: errors.isEmpty ? nil : .unprocessableContent, section: "/studies")
    }

    func start(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let input = try await FormData.read(request, context)
        let reading = FormCodec.read(input, fields: Self.studyFields)
        do {
            let study = try StudiesController.study(object: reading.object, errors: reading.errors)
            let created = try await api.start(study, lead: user)
            return Response(status: .seeOther, headers: [.location: "/studies/\(created.id)"])
        } catch StatlasError.invalid(let errors) {
            return newForm(input, errors: errors, context)
        }
    }

    func show(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.readable(context)
        try await api.recordRead(study, "study page", context)
        let user = try context.requireUser()
        let thresholds = study.thresholds
        let items: [(String, String)] = [
            ("Collects", study.kind.label), ("Status", study.status.label),
            ("Ethics approval reference", study.ethicsReference ?? "Not recorded"),
            ("Lawful basis", study.lawfulBasis?.label ?? "Not recorded"),
            ("Delete personal data by", study.retentionDate.map(MonthName.day) ?? "Not recorded"),
            (
                "Disclosure control",
                "Counts under \(thresholds.minimumCount) suppressed, the rest rounded to \(thresholds.rounding); quotes only where \(thresholds.quoteMinimum) or more participants share the attributes shown"
            ),
        ]
        let documents = try await api.studies.documents(of: study.id)
        let surveys = try await api.studies.surveys(of: study.id)
        let participants = try await api.studies.participants(of: study.id)
        let codes = try await api.studies.codes(of: study.id)
        let findings = try await api.studies.findings(of: study.id)
        let pseudonyms = Dictionary(participants.map { ($0.id, $0.pseudonym) }, uniquingKeysWith: { a, _ in a })
        let base = "/studies/\(study.id)"
        let model = ReportPageView(
            caption: "Research study", heading: study.title, intro: study.summary.map { [$0] } ?? [],
            sections: [
                SectionView.list(
                    id: "work", heading: "Work on this study",
                    links: [
                        LinkView("Participants", href: base + "/participants", note: "\(participants.count)"),
                        LinkView("Codebook", href: base + "/codebook", note: "\(codes.count) codes"),
                        LinkView(
                            "Analysis", href: base + "/analysis", note: "code frequencies, co-occurrence, agreement"),
                        LinkView(
                            "Findings", href: base + "/findings",
                            note: "\(findings.count), \(findings.filter { $0.status == .approved }.count) public"),
                        LinkView(
                            "Download the project for QDA tools", href: base + "/export.qdpx",
                            note: "REFI-QDA project (.qdpx), without withdrawn participants"),
                        LinkView("Download the codebook", href: base + "/export.qdc", note: "REFI-QDA codebook (.qdc)"),
                    ]
                        + (StudyAccess.mayContribute(user, team)
                            ? [
                                LinkView("Add a participant", href: base + "/participants/new"),
                                LinkView(
                                    "Add a document", href: base + "/documents/new",
                                    note: "a transcript or note: Word, OpenDocument, text or captions"),
                                LinkView(
                                    "Import from a QDA tool", href: base + "/import",
                                    note: "a REFI-QDA project (.qdpx) or codebook (.qdc)"),
                                LinkView("Add a code", href: base + "/codebook/new"),
                                LinkView("Add a survey", href: base + "/surveys/new"),
                            ] : []),
                    empty: ""),
                SectionView.list(
                    id: "documents", heading: "Documents",
                    links: documents.map {
                        LinkView($0.title, href: base + "/documents/\($0.id)", note: pseudonyms[$0.participantId] ?? "")
                    }, empty: "No documents yet."
                ),
                SectionView.list(
                    id: "surveys", heading: "Surveys",
                    links: surveys.map {
                        LinkView($0.title, href: base + "/surveys/\($0.id)", note: "\($0.questions.count) questions")
                    },
                    empty: "No surveys."),
                SectionView(
                    id: "about", heading: "About this study",
                    summaryList: SummaryListView(items: items.map { SummaryItemView(key: $0.0, value: $0.1) })),
                Self.teamSection(team),
            ],
            confirm: StudyAccess.mayManageTeam(user, team)
                ? ConfirmView(
                    method: "get", action: "/studies/\(study.id)/team/new", label: "Add someone to the team",
                    cancelHref: "/studies")
                : nil)
        return pages.page(model, title: study.title, context: context, section: "/studies")
    }

    func team(_ context: StatlasRequestContext) async throws -> Response {
        let (study, team) = try await api.manageable(context)
        var removing = SectionView(
            id: "remove", heading: "Take someone off the team",
            paragraphs: ["They can no longer read the study. A study always keeps a lead."])
        removing.forms = team.map { member in
            ButtonFormView(
                text: "\(member.name) (\(member.role.label.lowercased()))",
                action: "/studies/\(study.id)/team/\(member.userId)/remove", label: "Remove")
        }
        removing.hasForms = !team.isEmpty
        let model = ReportPageView(
            caption: study.title, heading: "Team", sections: [Self.teamSection(team), removing],
            confirm: ConfirmView(
                method: "get", action: "/studies/\(study.id)/team/new", label: "Add someone to the team",
                cancelHref: "/studies"))
        return pages.page(model, title: "Team: \(study.title)", context: context, section: "/studies")
    }

    static func teamSection(_ team: [StudyMember]) -> SectionView {
        SectionView(
            id: "team", heading: "Team",
            paragraphs: ["The lead manages the team and approves findings; coders code documents; readers read."],
            table: TableView(
                caption: "The study's team", head: ["Name", "Role"],
                rows: team.map { RowView([.text($0.name), .text($0.role.label)]) }))
    }

    func memberForm(_ study: Study, _ input: FormData, errors: [FieldError], _ context: StatlasRequestContext)
        -> Response
    {
        SimpleForm(
            title: "Add someone to the team", caption: study.title, fields: Self.memberFields,
            action: "/studies/\(study.id)/team/new", submitLabel: "Add to the team",
            cancelHref: "/studies/\(study.id)/team",
            intro: ["They need an account. Someone already on the team gets the role you choose instead."]
        ).render(
            pages, context: context, input: input, errors: errors,
            status: errors.isEmpty ? nil : .unprocessableContent, section: "/studies")
    }

    func addMember(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let (study, _) = try await api.manageable(context)
        let input = try await FormData.read(request, context)
        let email = (input["email"] ?? "").trimmedWhitespace()
        var errors: [FieldError] = []
        if email.isEmpty { errors.append(FieldError("email", "Enter the email address of their account")) }
        let role = StudyRole(rawValue: input["role"] ?? "")
        if role == nil { errors.append(FieldError("role", "Select their role on the team")) }
        do {
            guard errors.isEmpty, let role else { throw StatlasError.invalid(errors) }
            _ = try await api.addMember(email: email, role: role, context)
            return Response(status: .seeOther, headers: [.location: "/studies/\(study.id)/team"])
        } catch StatlasError.invalid(let more) {
            return memberForm(study, input, errors: FieldError.merge(errors, more), context)
        }
    }
}

import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// Forms for a study's lead and coders to add what the API adds: participants, documents (uploaded Word or
/// OpenDocument files, text, Markdown or captions, or pasted text), codes, memos on a document, surveys and their
/// responses (an uploaded or pasted CSV), and projects or codebooks from QDA tools. Each form checks what the API
/// checks and shows every mistake beside its field; nothing is written unless all of it is right.
struct StudyFormPages {
    let api: StudiesController
    let pages: PageRenderer

    /// One form: its fields for the study, what its caption and button say, and what submitting does (the
    /// address to go to after).
    struct Form: Sendable {
        var path: String
        var title: String
        var submitLabel: String
        var intro: [String] = []
        /// Input attributes by field name: a file upload's accepted types.
        var attributes: [String: FieldAttributes] = [:]
        /// Mistakes found in what was sent whatever else is wrong (an uploaded file's kind), shown with the
        /// fields' own, so that a person corrects everything in one round.
        var check: @Sendable (FormData) -> [FieldError] = { _ in [] }
        var fields: @Sendable (Study) async throws -> [FieldSpec]
        var submit: @Sendable (Study, FormData, [String: JSONValue], StatlasRequestContext) async throws -> String
    }

    func register(on routes: RouteTable) {
        registerImport(on: routes)
        for form in forms {
            routes.add(.get, form.path, .signedIn) { _, context in
                let study = try await api.contributing(context)
                return render(form, study, try await form.fields(study), FormData(), errors: [], context)
            }
            routes.add(.post, form.path, .signedIn) { request, context in
                let study = try await api.contributing(context)
                let fields = try await form.fields(study)
                let input = try await FormData.read(request, context)
                var reading = FormCodec.read(input, fields: fields)
                if !reading.errors.isEmpty { reading.errors = FieldError.merge(reading.errors, form.check(input)) }
                do {
                    guard reading.errors.isEmpty else { throw StatlasError.invalid(reading.errors) }
                    let next = try await form.submit(study, input, reading.object, context)
                    return Response(status: .seeOther, headers: [.location: next])
                } catch StatlasError.invalid(let errors) {
                    let all = FieldError.merge(reading.errors, errors)
                    return render(form, study, fields, input, errors: all + Self.chooseAgain(input, all), context)
                }
            }
        }
    }

    /// Importing a REFI-QDA project or codebook from a desktop QDA tool: the form, and then the report of what was
    /// added (all or nothing: a file with a problem adds nothing and says why beside the field).
    func registerImport(on routes: RouteTable) {
        let path = "/studies/{id}/import"
        routes.add(.get, path, .signedIn) { _, context in
            importForm(try await api.contributing(context), errors: [], context)
        }
        routes.add(.post, path, .signedIn) { request, context in
            let study = try await api.contributing(context)
            let input = try await FormData.read(request, context)
            guard let file = input.files["file"], !file.data.isEmpty else {
                let message = "Choose a QDPX project or QDC codebook to import"
                return importForm(study, errors: [FieldError("file", message)], context)
            }
            do {
                let report = try await StudyExchangeController(api: api).importProject(study, file.data, context)
                return importReport(study, file, report, context)
            } catch StatlasError.invalid(let problems) {
                let errors = problems.prefix(20).map { FieldError("file", "\(file.filename): \($0.message)") }
                return importForm(study, errors: Array(errors), context)
            }
        }
    }

    func importForm(_ study: Study, errors: [FieldError], _ context: StatlasRequestContext) -> Response {
        SimpleForm(
            title: "Import from a QDA tool", caption: study.title,
            fields: [
                FieldSpec(
                    "file", "Project or codebook", hint: "A REFI-QDA project (.qdpx) or codebook (.qdc), up to 64 MB")
            ],
            action: "/studies/\(study.id)/import", submitLabel: "Import", cancelHref: "/studies/\(study.id)",
            intro: [
                "NVivo, ATLAS.ti, MAXQDA, QualCoder and other tools export projects and codebooks in the REFI-QDA standard. A project brings its codes, documents (as participants' transcripts), codings and memos; a codebook its codes. Codes already in the codebook are reused. A file with any problem adds nothing."
            ],
            attributes: ["file": .file(accept: ".qdpx,.qdc,.qde,.xml")]
        ).render(
            pages, context: context, errors: errors, status: errors.isEmpty ? nil : .unprocessableContent,
            section: "/studies")
    }

    func importReport(
        _ study: Study, _ file: UploadedFile, _ report: ProjectImportReport, _ context: StatlasRequestContext
    ) -> Response {
        let base = "/studies/\(study.id)"
        let counts: [(String, Int)] = [
            ("Codes added", report.codes), ("Codes already in the codebook", report.codesReused),
            ("Participants added", report.participants), ("Documents added", report.documents),
            ("Codings added", report.codings), ("Memos added", report.memos),
        ]
        var sections = [
            SectionView(
                id: "added", heading: "What was added",
                summaryList: SummaryListView(items: counts.map { SummaryItemView(key: $0.0, value: "\($0.1)") })),
            SectionView.list(
                id: "next", heading: "Next",
                links: [
                    LinkView("The codebook", href: base + "/codebook"),
                    LinkView(
                        "The participants", href: base + "/participants", note: "check their attributes and consent"),
                    LinkView("The study", href: base),
                ], empty: ""),
        ]
        if !report.unmapped.isEmpty {
            sections.insert(
                SectionView.list(
                    id: "not-imported", heading: "Not imported",
                    links: report.unmapped.prefix(100).map { LinkView($0, href: nil) }, empty: "",
                    paragraphs: ["Parts of the file Statlas has no place for:"]),
                at: 1)
        }
        let model = ReportPageView(
            caption: study.title, heading: "Imported \(file.filename)", sections: sections)
        return pages.page(model, title: "Imported: \(study.title)", context: context, section: "/studies")
    }

    func render(
        _ form: Form, _ study: Study, _ fields: [FieldSpec], _ input: FormData, errors: [FieldError],
        _ context: StatlasRequestContext
    ) -> Response {
        let action = form.path.replacingOccurrences(of: "{id}", with: study.id)
            .replacingOccurrences(of: "{docId}", with: context.parameters.get("docId") ?? "")
            .replacingOccurrences(of: "{surveyId}", with: context.parameters.get("surveyId") ?? "")
        return SimpleForm(
            title: form.title, caption: study.title, fields: fields, action: action, submitLabel: form.submitLabel,
            cancelHref: "/studies/\(study.id)", intro: form.intro, attributes: form.attributes
        ).render(
            pages, context: context, input: input, errors: errors,
            status: errors.isEmpty ? nil : .unprocessableContent, section: "/studies")
    }

    /// A browser cannot fill a file input in again: when a form with an uploaded file is shown again with
    /// mistakes, each file field without a mistake of its own asks for its file once more.
    static func chooseAgain(_ input: FormData, _ errors: [FieldError]) -> [FieldError] {
        input.files.sorted { $0.key < $1.key }.compactMap { name, file in
            errors.contains { $0.field == name }
                ? nil : FieldError(name, "Choose \(file.filename) again: files are not kept when a form has a problem")
        }
    }

    static func text(_ object: [String: JSONValue], _ name: String) -> String? {
        if case .string(let value)? = object[name], !value.trimmedWhitespace().isEmpty {
            return value.trimmedWhitespace()
        }
        return nil
    }

    var forms: [Form] {
        [participantForm, documentForm, codeForm, memoForm, surveyForm, responsesForm]
    }

    var participantForm: Form {
        Form(
            path: "/studies/{id}/participants/new", title: "Add a participant", submitLabel: "Add the participant",
            intro: ["Known by a pseudonym only: leave it blank for the next of P01, P02…"],
            fields: { _ in
                [
                    FieldSpec("pseudonym", "Pseudonym", hint: "For example, P07; never a name"),
                    .choice("organisationKind", "Kind of organisation", OrganisationKind.self),
                    .choice("nation", "Nation", Nation.self), FieldSpec("sector", "Sector"),
                    FieldSpec("seniority", "Seniority"),
                    FieldSpec("interview", "Consented to the interview", .bool),
                    FieldSpec("recording", "Consented to recording", .bool),
                    FieldSpec("quotation", "Consented to quotation", .bool),
                    FieldSpec("followUp", "Consented to follow-up co-design", .bool),
                    FieldSpec("date", "Date of consent", .date, hint: "For example, 14 3 2026"),
                ]
            },
            submit: { [api] study, _, object, context in
                var participant = StudyParticipant()
                participant.pseudonym = Self.text(object, "pseudonym") ?? ""
                for name in ["organisationKind", "nation", "sector", "seniority"] {
                    if let value = Self.text(object, name) { participant.attributes[name] = value }
                }
                participant.consent.interview = object["interview"] == .bool(true)
                participant.consent.recording = object["recording"] == .bool(true)
                participant.consent.quotation = object["quotation"] == .bool(true)
                participant.consent.followUp = object["followUp"] == .bool(true)
                participant.consent.date = Self.text(object, "date").flatMap(CalendarDate.init)
                let added = try await api.studies.addParticipant(participant, to: study.id)
                try await api.recordChange(study, "added participant \(added.id)", context)
                return "/studies/\(study.id)/participants"
            })
    }

    var documentForm: Form {
        Form(
            path: "/studies/{id}/documents/new", title: "Add a document", submitLabel: "Add the document",
            intro: [
                "Upload a transcript or note — a Word (.docx) or OpenDocument (.odt) file, plain text, Markdown, or WebVTT or SubRip captions as meeting tools write them — or paste its text. It is stored encrypted; only the study's team can read it."
            ],
            attributes: ["file": .file(accept: Self.documentTypes)],
            check: { input in
                let chosen = input["format"].flatMap(DocumentFormat.init(rawValue:))
                return input.files["file"].flatMap { Self.fileProblem($0, chosen: chosen) }.map { [$0] } ?? []
            },
            fields: { [api] study in
                let participants = try await api.studies.participants(of: study.id).filter { !$0.consent.withdrawn }
                return [
                    FieldSpec(
                        "participantId", "Participant",
                        .choice(participants.map { ChoiceOption($0.id, $0.pseudonym) }), required: true),
                    FieldSpec("title", "Title", required: true),
                    FieldSpec(
                        "file", "Upload a file",
                        hint: "Word (.docx), OpenDocument (.odt), text (.txt), Markdown (.md), captions (.vtt, .srt)"),
                    FieldSpec(
                        "format", "Format",
                        .choice(DocumentFormat.allCases.map { ChoiceOption($0.rawValue, $0.label) }),
                        hint:
                            "Leave blank for an uploaded file: its name says. Pasted text is plain text unless you choose"
                    ),
                    FieldSpec("content", "Or paste the text", .longText),
                ]
            },
            submit: { [api] study, input, object, context in
                var document = StudyDocument()
                document.participantId = Self.text(object, "participantId") ?? ""
                document.title = Self.text(object, "title") ?? ""
                var errors: [FieldError] = []
                if document.title.isEmpty { errors.append(FieldError("title", "Enter the document's title")) }
                do {
                    (document.format, document.text) = try Self.documentText(input, object)
                } catch StatlasError.invalid(let problems) {
                    errors += problems
                }
                guard errors.isEmpty else { throw StatlasError.invalid(errors) }
                let added = try await api.studies.addDocument(document, to: study.id)
                try await api.recordChange(study, "added document \(added.id)", context)
                return "/studies/\(study.id)/documents/\(added.id)"
            })
    }

    /// The file types the document form takes.
    static let documentTypes = ".docx,.odt,.txt,.md,.markdown,.vtt,.srt"

    /// What is wrong with an uploaded file before it is read: a kind Statlas cannot read (a PDF, an old Word
    /// file), or a name that says no format when none is chosen. Checked with the form's other fields, so that
    /// every mistake is named at once.
    static func fileProblem(_ file: UploadedFile, chosen: DocumentFormat?) -> FieldError? {
        let unreadable = ["pdf": "PDF", "doc": "Word 97–2003 (.doc)", "rtf": "Rich Text", "pages": "Pages"]
        if let kind = unreadable[file.fileExtension] {
            return FieldError(
                "file",
                "Statlas cannot read \(kind) files (\(file.filename)): save the transcript as Word (.docx), OpenDocument (.odt) or text (.txt), then upload that"
            )
        }
        if chosen == nil && DocumentReader.format(ofFile: file.filename) == nil {
            return FieldError("format", "Choose the file's format: its name does not say (\(file.filename))")
        }
        return nil
    }

    /// A document's format and normalised text from the form: the uploaded file (its format chosen or read from its
    /// name) or else the pasted text. Problems name the field to correct.
    static func documentText(_ input: FormData, _ object: [String: JSONValue]) throws -> (DocumentFormat, String) {
        let chosen = text(object, "format").flatMap(DocumentFormat.init(rawValue:))
        if let file = input.files["file"] {
            if let problem = fileProblem(file, chosen: chosen) { throw StatlasError.invalid([problem]) }
            let format = chosen ?? DocumentReader.format(ofFile: file.filename) ?? .text
            do {
                let text = try DocumentReader.text(file.data, format: format)
                guard !text.isEmpty else { throw StatlasError.invalid([FieldError("file", "The file has no text")]) }
                return (format, text)
            } catch StatlasError.invalid(let problems) {
                throw StatlasError.invalid(problems.map { FieldError("file", "\(file.filename): \($0.message)") })
            }
        }
        let format = chosen ?? .text
        guard !format.isBinary else {
            throw StatlasError.invalid([FieldError("file", "Upload the \(format.label) file")])
        }
        let text = try DocumentText.read(Self.text(object, "content") ?? "", format: format)
        guard !text.isEmpty else {
            throw StatlasError.invalid([FieldError("file", "Upload a file or paste the document's text")])
        }
        return (format, text)
    }

    var codeForm: Form {
        Form(
            path: "/studies/{id}/codebook/new", title: "Add a code", submitLabel: "Add the code",
            fields: { [api] study in
                let options = StudyWorkPages.codeOptions(try await api.studies.codes(of: study.id))
                return [
                    FieldSpec("name", "Name", required: true),
                    FieldSpec(
                        "parentId", "Under", .choice(options.map { ChoiceOption($0.value, $0.label) }),
                        hint: "Leave blank for a code at the top"),
                    FieldSpec("description", "Description", .longText),
                    FieldSpec("colour", "Colour", hint: "Written #rrggbb, for example #d4351c"),
                ]
            },
            submit: { [api] study, _, object, _ in
                var code = StudyCode()
                code.name = Self.text(object, "name") ?? ""
                (code.parentId, code.description) = (Self.text(object, "parentId"), Self.text(object, "description"))
                code.colour = Self.text(object, "colour")
                let errors = code.validate()
                guard errors.isEmpty else { throw StatlasError.invalid(errors) }
                _ = try await api.studies.addCode(code, to: study.id)
                return "/studies/\(study.id)/codebook"
            })
    }

    var memoForm: Form {
        Form(
            path: "/studies/{id}/documents/{docId}/memos/new", title: "Write a memo on this document",
            submitLabel: "Save the memo", fields: { _ in [FieldSpec("text", "Memo", .longText, required: true)] },
            submit: { [api] study, _, object, context in
                var memo = StudyMemo()
                (memo.targetKind, memo.targetId) = (.document, context.parameters.get("docId") ?? "")
                memo.text = DocumentText.normalise(Self.text(object, "text") ?? "")
                memo.authorId = try context.requireUser().id
                _ = try await api.studies.addMemo(memo, to: study.id)
                return "/studies/\(study.id)/documents/\(memo.targetId)#memos"
            })
    }

    var surveyForm: Form {
        Form(
            path: "/studies/{id}/surveys/new", title: "Add a survey", submitLabel: "Add the survey",
            intro: [
                "One question per line: its id, kind (single, multiple, scale, number or text), text and, for choices, options separated by semicolons, each part separated by |. For example: Q1 | single | How often do you collaborate? | Monthly; Yearly; Never"
            ],
            fields: { _ in
                [
                    FieldSpec("title", "Title", required: true),
                    FieldSpec("questions", "Questions", .longText, required: true),
                ]
            },
            submit: { [api] study, _, object, _ in
                var survey = Survey()
                survey.title = Self.text(object, "title") ?? ""
                var errors: [FieldError] = []
                for (n, line) in (Self.text(object, "questions") ?? "").split(whereSeparator: \.isNewline).enumerated()
                {
                    let parts = line.split(separator: "|", omittingEmptySubsequences: false).map {
                        String($0).trimmedWhitespace()
                    }
                    guard parts.count >= 3, let kind = QuestionKind.named(parts[1]) else {
                        errors.append(
                            FieldError(
                                "questions", "Line \(n + 1) is not “id | kind | text | options”: \(line.prefix(60))"))
                        continue
                    }
                    let options =
                        parts.count > 3
                        ? parts[3].split(separator: ";").map { String($0).trimmedWhitespace() }.filter { !$0.isEmpty }
                        : []
                    survey.questions.append(SurveyQuestion(id: parts[0], text: parts[2], kind: kind, options: options))
                }
                errors += survey.validate().map {
                    FieldError($0.field.hasPrefix("questions") ? "questions" : $0.field, $0.message)
                }
                guard errors.isEmpty else { throw StatlasError.invalid(errors) }
                let added = try await api.studies.addSurvey(survey, to: study.id)
                return "/studies/\(study.id)/surveys/\(added.id)"
            })
    }

    var responsesForm: Form {
        Form(
            path: "/studies/{id}/surveys/{surveyId}/responses/new", title: "Add responses",
            submitLabel: "Add the responses",
            intro: [
                "Paste the CSV your survey tool exported: a respondent column, one column per question (its id or its text), several choices separated by semicolons, any other column an attribute. A file with any mistake adds nothing."
            ],
            attributes: ["file": .file(accept: ".csv,text/csv")],
            fields: { _ in
                [
                    FieldSpec("file", "Upload the CSV file", hint: "As your survey tool exported it"),
                    FieldSpec("csv", "Or paste the responses (CSV)", .longText),
                ]
            },
            submit: { [api] study, input, object, context in
                let id = context.parameters.get("surveyId") ?? ""
                guard let survey = try await api.studies.surveys(of: study.id).first(where: { $0.id == id }) else {
                    throw HTTPError(.notFound, message: "No survey of this study has the id \(id)")
                }
                let file = input.files["file"]
                let field = file == nil ? "csv" : "file"
                let data = file?.data ?? Data((Self.text(object, "csv") ?? "").utf8)
                guard !data.isEmpty else {
                    throw StatlasError.invalid([FieldError("file", "Upload the CSV file or paste the responses")])
                }
                let rows: [RespondentRow]
                do {
                    rows = try SurveyResponsesCSV.read(data, survey: survey)
                } catch let error as ImportError {
                    throw StatlasError.invalid(
                        error.problems.prefix(20).map {
                            FieldError(field, "\($0.location): " + ($0.field.map { "\($0): " } ?? "") + $0.message)
                        })
                }
                do {
                    let imported = try await api.studies.addResponses(rows, survey: survey, to: study.id)
                    try await api.recordChange(
                        study, "imported \(imported.responses) responses to survey \(survey.id)", context)
                } catch StatlasError.invalid(let problems) {
                    throw StatlasError.invalid(problems.map { FieldError(field, "\($0.field): \($0.message)") })
                }
                return "/studies/\(study.id)/surveys/\(survey.id)"
            })
    }
}

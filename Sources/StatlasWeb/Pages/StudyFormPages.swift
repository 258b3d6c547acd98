import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// Forms for a study's lead and coders to add what the API adds: participants, documents (pasted text, Markdown or
/// captions), codes, memos on a document, surveys and their responses (pasted CSV). Each form checks what the API
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
        var fields: @Sendable (Study) async throws -> [FieldSpec]
        var submit: @Sendable (Study, FormData, [String: JSONValue], StatlasRequestContext) async throws -> String
    }

    func register(on routes: RouteTable) {
        for form in forms {
            routes.add(.get, form.path, .signedIn) { _, context in
                let study = try await api.contributing(context)
                return render(form, study, try await form.fields(study), FormData(), errors: [], context)
            }
            routes.add(.post, form.path, .signedIn) { request, context in
                let study = try await api.contributing(context)
                let fields = try await form.fields(study)
                let input = try await FormData.read(request, context)
                let reading = FormCodec.read(input, fields: fields)
                do {
                    guard reading.errors.isEmpty else { throw StatlasError.invalid(reading.errors) }
                    let next = try await form.submit(study, input, reading.object, context)
                    return Response(status: .seeOther, headers: [.location: next])
                } catch StatlasError.invalid(let errors) {
                    return render(form, study, fields, input, errors: FieldError.merge(reading.errors, errors), context)
                }
            }
        }
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
            cancelHref: "/studies/\(study.id)", intro: form.intro
        ).render(
            pages, context: context, input: input, errors: errors,
            status: errors.isEmpty ? nil : .unprocessableContent, section: "/studies")
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
                "Paste a transcript or note as plain text, Markdown, WebVTT or SubRip captions. Word and OpenDocument files go through the API or `statlas study import-document`."
            ],
            fields: { [api] study in
                let participants = try await api.studies.participants(of: study.id).filter { !$0.consent.withdrawn }
                return [
                    FieldSpec(
                        "participantId", "Participant",
                        .choice(participants.map { ChoiceOption($0.id, $0.pseudonym) }), required: true),
                    FieldSpec("title", "Title", required: true),
                    FieldSpec(
                        "format", "Format",
                        .choice(
                            [DocumentFormat.text, .markdown, .vtt, .srt].map { ChoiceOption($0.rawValue, $0.label) }),
                        required: true),
                    FieldSpec("content", "Text", .longText, required: true),
                ]
            },
            submit: { [api] study, _, object, context in
                var errors: [FieldError] = []
                var document = StudyDocument()
                document.participantId = Self.text(object, "participantId") ?? ""
                document.title = Self.text(object, "title") ?? ""
                if document.title.isEmpty { errors.append(FieldError("title", "Enter the document's title")) }
                let format = Self.text(object, "format").flatMap(DocumentFormat.init(rawValue:)) ?? .text
                document.format = format
                do {
                    document.text = try DocumentText.read(Self.text(object, "content") ?? "", format: format)
                    if document.text.isEmpty { errors.append(FieldError("content", "Enter the document's text")) }
                } catch StatlasError.invalid(let problems) {
                    errors += problems
                }
                guard errors.isEmpty else { throw StatlasError.invalid(errors) }
                let added = try await api.studies.addDocument(document, to: study.id)
                try await api.recordChange(study, "added document \(added.id)", context)
                return "/studies/\(study.id)/documents/\(added.id)"
            })
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
            fields: { _ in [FieldSpec("csv", "Responses (CSV)", .longText, required: true)] },
            submit: { [api] study, _, object, context in
                let id = context.parameters.get("surveyId") ?? ""
                guard let survey = try await api.studies.surveys(of: study.id).first(where: { $0.id == id }) else {
                    throw StatlasError.notFound(entity: .study, id: id)
                }
                let rows: [RespondentRow]
                do {
                    rows = try SurveyResponsesCSV.read(Data((Self.text(object, "csv") ?? "").utf8), survey: survey)
                } catch let error as ImportError {
                    throw StatlasError.invalid(
                        error.problems.prefix(20).map {
                            FieldError("csv", "\($0.location): " + ($0.field.map { "\($0): " } ?? "") + $0.message)
                        })
                }
                do {
                    let imported = try await api.studies.addResponses(rows, survey: survey, to: study.id)
                    try await api.recordChange(
                        study, "imported \(imported.responses) responses to survey \(survey.id)", context)
                } catch StatlasError.invalid(let problems) {
                    throw StatlasError.invalid(problems.map { FieldError("csv", "\($0.field): \($0.message)") })
                }
                return "/studies/\(study.id)/surveys/\(survey.id)"
            })
    }
}

import HTTPTypes
import Hummingbird
import StatlasCore

/// A form that is not a record's — signing in, a second-factor code, choosing a password, inviting a user —
/// rendered with a shared template: fields built from their specs, errors placed inline and summarised at the
/// top, the `Error:` title prefix and 422 on failure.
struct SimpleForm {
    var title: String
    var caption: String = ""
    var fields: [FieldSpec]
    var action: String
    var submitLabel: String = "Continue"
    var cancelHref: String = "/"
    /// Paragraphs under the heading.
    var intro: [String] = []
    /// A second-factor secret to show (setting up an authenticator app).
    var secretKey: String?
    /// Input attributes by field name.
    var attributes: [String: FieldAttributes] = [:]
    var template = "form"

    /// The rendered page. With `formCookie`, a CSRF token for visitors not yet signed in is set in the form
    /// cookie (STANDARDS.md S5); signed-in pages use the session's token.
    func render(
        _ pages: PageRenderer, context: StatlasRequestContext, input: FormData = FormData(), errors: [FieldError] = [],
        options: [EntityKind: [ChoiceOption]] = [:], status: HTTPResponse.Status? = nil, section: String? = nil,
        formCookie: (Request, WebConfiguration)? = nil
    ) -> Response {
        let placed = FormErrors(errors, reading: nil, fields: fields, options: options)
        var models = FormView(form: input, errors: placed.inline, options: options).fields(fields)
        for (index, spec) in fields.enumerated() { attributes[spec.name]?.apply(to: &models[index]) }
        var model = FormPageView(
            template: template, caption: caption, heading: title, intro: intro, secretKey: secretKey, fields: models,
            noun: title.lowercased(), action: action, version: 0, submitLabel: submitLabel, cancelHref: cancelHref,
            errorSummary: placed.summary)
        model.multipart = attributes.values.contains { $0.accept != nil }
        var token: String?
        if let (request, configuration) = formCookie {
            token = FormCookie.token(request, context, configuration)
            model.csrf = token
        }
        var response = pages.page(
            model, title: title, context: context,
            status: status ?? (errors.isEmpty ? .ok : .unprocessableContent), failed: !errors.isEmpty, section: section)
        if let token, let (_, configuration) = formCookie {
            response.headers[.setCookie] = FormCookie.header(token, configuration)
        }
        return response
    }
}

/// Input attributes a simple form sets on a field beyond its spec.
struct FieldAttributes: Sendable {
    var inputType: String?
    var autocomplete: String?
    var inputmode: String?
    var value: String?
    /// The file types a file field takes (`.docx,.odt`); set, the field is a file upload and its form multipart.
    var accept: String?

    init(inputType: String? = nil, autocomplete: String? = nil, inputmode: String? = nil, value: String? = nil) {
        (self.inputType, self.autocomplete, self.inputmode, self.value) = (inputType, autocomplete, inputmode, value)
    }

    /// A file upload taking the given types.
    static func file(accept: String) -> FieldAttributes {
        var attributes = FieldAttributes(inputType: "file")
        attributes.accept = accept
        return attributes
    }

    func apply(to field: inout FieldView) {
        if let accept {
            field.accept = Maybe(accept)
            field.value = ""
        }
        if let inputType { field.inputType = inputType }
        if let autocomplete { field.autocomplete = Maybe(autocomplete) }
        if let inputmode { field.inputmode = Maybe(inputmode) }
        if let value { field.value = value }
    }
}

/// A form page (`form`, or `sign-in` for signing in): heading, fields, the conflict banner when someone else
/// changed the record, and the error summary.
struct FormPageView: PageContent {
    var template = "form"
    var caption = ""
    var heading: String
    var intro: [String] = []
    var secretKey: String?
    var fields: [FieldView]
    var noun: String
    var action: String
    var version: Int
    var submitLabel: String
    var cancelHref: String
    var conflict = false
    var conflictHref: String?
    var errorSummary: [ErrorLinkView] = []
    /// The form's CSRF token when it is not the session's (forms for visitors not signed in).
    var csrf: String?
    /// True when the form uploads a file (`enctype="multipart/form-data"`).
    var multipart = false
}

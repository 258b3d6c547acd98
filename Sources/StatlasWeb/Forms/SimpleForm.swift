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
    /// Extra view-model values (`intro` paragraphs, `secretKey`…).
    var extras: [String: Any] = [:]
    /// Input attributes by field name (`inputType`, `autocomplete`, `inputmode`, `value`).
    var attributes: [String: [String: Any]] = [:]
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
        for (index, spec) in fields.enumerated() {
            for (key, value) in attributes[spec.name] ?? [:] { models[index][key] = value }
        }
        var model = extras
        model.merge([
            "caption": caption, "heading": title, "fields": models, "noun": title.lowercased(), "action": action, "version": 0,
            "submitLabel": submitLabel, "cancelHref": cancelHref,
        ]) { current, _ in current }
        if !placed.summary.isEmpty { model["errorSummary"] = placed.summary }
        var token: String?
        if let (request, configuration) = formCookie {
            token = FormCookie.token(request, context, configuration)
            model["csrf"] = token
        }
        var response = pages.page(template, title: title, model, context: context,
            status: status ?? (errors.isEmpty ? .ok : .unprocessableContent), failed: !errors.isEmpty, section: section)
        if let token, let (_, configuration) = formCookie { response.headers[.setCookie] = FormCookie.header(token, configuration) }
        return response
    }
}

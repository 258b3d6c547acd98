import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// The second step of signing in for accounts with a second factor: a code from an authenticator app, or
/// a recovery code. Attempts are throttled like passwords; each code is accepted once.
extension SignInController {
    static let codeFields = [
        FieldSpec("code", "Code", hint: "The 6-digit code your authenticator app shows now, or one of your recovery codes", required: true)
    ]

    func codeForm(_ request: Request, _ context: StatlasRequestContext, errors: [FieldError], status: HTTPResponse.Status = .ok) -> Response {
        guard Cookies.value(configuration.pendingCookie, in: request) != nil else {
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
        let token = FormCookie.token(request, context, configuration)
        let placed = FormErrors(errors, reading: nil, fields: Self.codeFields, options: [:])
        var fields = FormView(form: FormData(), errors: placed.inline, options: [:]).fields(Self.codeFields)
        fields[0]["autocomplete"] = "one-time-code"
        fields[0]["inputmode"] = "numeric"
        var model: [String: Any] = [
            "caption": "Sign in", "heading": "Enter your code", "fields": fields, "noun": "code", "csrf": token,
            "action": request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""), "version": 0, "submitLabel": "Continue",
            "cancelHref": "/sign-in",
            "intro": ["Your account has two-factor authentication: enter the code from your authenticator app."],
        ]
        if !placed.summary.isEmpty { model["errorSummary"] = placed.summary }
        var response = pages.page("form", title: "Enter your code", model, context: context, status: status, failed: !errors.isEmpty)
        response.headers[.setCookie] = FormCookie.header(token, configuration)
        return response
    }

    func signInWithCode(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        guard let pending = Cookies.value(configuration.pendingCookie, in: request), pending.count == 64 else {
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
        let input = try await RecordForms<Person>.input(request, context)
        let code = input["code"] ?? ""
        let client = context.clientAddress ?? "unknown"
        do {
            try await throttle.attempt(keys: ["pending:" + pending, "client:" + client], now: configuration.now())
        } catch let limited as SignInThrottle.Limited {
            var response = codeForm(request, context,
                errors: [FieldError("code", "Too many attempts. Wait \(limited.retryAfter / 60 + 1) minutes, then sign in again")],
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(limited.retryAfter)
            return response
        }
        guard let user = try await accounts.completePendingSignIn(token: pending, code: code, now: configuration.now()) else {
            try await audit.append(AuditEntry(.signInFailed, actorId: nil, detail: "wrong or reused second-factor code"))
            let message = code.trimmingCharacters(in: .whitespaces).isEmpty
                ? "Enter the code from your authenticator app" : "Enter a current code from your authenticator app, or an unused recovery code"
            return codeForm(request, context, errors: [FieldError("code", message)], status: .unprocessableContent)
        }
        return try await startSession(user, context, next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)))
    }
}

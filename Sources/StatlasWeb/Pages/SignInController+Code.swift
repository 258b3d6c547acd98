import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// The second step of signing in for accounts with a second factor: a code from an authenticator app, or
/// a recovery code. Attempts are throttled like passwords; each code is accepted once.
extension SignInController {
    static let codeFields = [
        FieldSpec(
            "code", "Code", hint: "The 6-digit code your authenticator app shows now, or one of your recovery codes",
            required: true)
    ]

    func codeForm(
        _ request: Request, _ context: StatlasRequestContext, errors: [FieldError], status: HTTPResponse.Status = .ok
    ) -> Response {
        guard Cookies.value(configuration.pendingCookie, in: request) != nil else {
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
        let form = SimpleForm(
            title: "Enter your code", caption: "Sign in", fields: Self.codeFields,
            action: request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""), cancelHref: "/sign-in",
            intro: ["Your account has two-factor authentication: enter the code from your authenticator app."],
            attributes: ["code": FieldAttributes(autocomplete: "one-time-code", inputmode: "numeric")])
        return form.render(
            pages, context: context, errors: errors, status: status, formCookie: (request, configuration))
    }

    func signInWithCode(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        guard let pending = Cookies.value(configuration.pendingCookie, in: request), pending.count == 64 else {
            return Response(status: .seeOther, headers: [.location: "/sign-in"])
        }
        let input = try await FormData.read(request, context)
        let code = input["code"] ?? ""
        let now = configuration.now()
        // Codes are counted per account, across every password attempt: a correct password starts a new
        // pending sign-in but no fresh set of guesses.
        let account = try await accounts.pendingSignInUser(token: pending, now: now) ?? "pending:" + pending
        let keys = ["code:" + account, "client:" + Self.client(context)]
        do {
            try await throttle.attempt(keys: keys, now: now)
        } catch let limited as SignInThrottle.Limited {
            var response = codeForm(
                request, context,
                errors: [
                    FieldError(
                        "code", "Too many attempts. Wait \(limited.retryAfter / 60 + 1) minutes, then sign in again")
                ],
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(limited.retryAfter)
            return response
        }
        guard let user = try await accounts.completePendingSignIn(token: pending, code: code, now: now) else {
            try await audit.append(
                AuditEntry(.signInFailed, actorId: nil, detail: "wrong or reused second-factor code"))
            let message =
                code.trimmingCharacters(in: .whitespaces).isEmpty
                ? "Enter the code from your authenticator app"
                : "Enter a current code from your authenticator app, or an unused recovery code"
            return codeForm(request, context, errors: [FieldError("code", message)], status: .unprocessableContent)
        }
        await throttle.forgive(keys: keys, at: now)
        return try await startSession(user, context, next: Self.safeNext(context.query.text("next")))
    }
}

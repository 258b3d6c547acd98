import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// `/sign-in` (email and password) and `/sign-out`. A sign-in replaces any earlier session (S2); the same
/// message answers unknown accounts and wrong passwords (S9).
struct SignInController {
    let accounts: any AccountRepository
    let audit: any AuditRepository
    let pages: PageRenderer
    let configuration: WebConfiguration
    let throttle = SignInThrottle()

    static let fields = [
        FieldSpec("email", "Email address", .email, required: true),
        FieldSpec("password", "Password", required: true),
    ]

    func register(on routes: RouteTable) {
        routes.add(.get, "/sign-in", .everyone, query: ["next"]) { request, context in
            form(request, context, email: "", errors: [])
        }
        routes.add(.post, "/sign-in", .everyone, query: ["next"]) { request, context in
            try await signIn(request, context)
        }
        routes.add(.post, "/sign-out", .signedIn) { _, context in try await signOut(context) }
        routes.add(.get, "/sign-in/code", .everyone, query: ["next"]) { request, context in
            codeForm(request, context, errors: [])
        }
        routes.add(.post, "/sign-in/code", .everyone, query: ["next"]) { request, context in
            try await signInWithCode(request, context)
        }
    }

    func form(
        _ request: Request, _ context: StatlasRequestContext, email: String, errors: [FieldError],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var input = FormData()
        input.append("email", email)
        let next = Self.safeNext(context.query.text("next"))
        let form = SimpleForm(
            title: "Sign in", fields: Self.fields,
            action: next == "/" ? "/sign-in" : "/sign-in?next=" + FormData.escape(next),
            attributes: [
                "email": FieldAttributes(autocomplete: "email"),
                "password": FieldAttributes(inputType: "password", autocomplete: "current-password", value: ""),
            ],
            template: "sign-in")
        return form.render(
            pages, context: context, input: input, errors: errors, status: status, formCookie: (request, configuration))
    }

    func signIn(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let input = try await FormData.read(request, context)
        let email = (input["email"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = input["password"] ?? ""
        var errors: [FieldError] = []
        if email.isEmpty { errors.append(FieldError("email", "Enter your email address")) }
        if password.isEmpty { errors.append(FieldError("password", "Enter your password")) }
        if !errors.isEmpty {
            return form(request, context, email: email, errors: errors, status: .unprocessableContent)
        }
        let now = configuration.now()
        let keys = ["account:" + email.lowercased(), "client:" + Self.client(context)]
        do {
            try await throttle.attempt(keys: keys, now: now)
        } catch let limited as SignInThrottle.Limited {
            try await recordFailure(email: email, detail: "too many attempts")
            var response = form(
                request, context, email: email,
                errors: [
                    FieldError(
                        "email",
                        "Too many attempts to sign in. Wait \(limited.retryAfter / 60 + 1) minutes, then try again")
                ],
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(limited.retryAfter)
            return response
        }
        guard let user = try await accounts.verify(email: email, password: password) else {
            try await recordFailure(email: email, detail: "wrong email address or password")
            return form(
                request, context, email: email,
                errors: [FieldError("email", "Enter a correct email address and password")],
                status: .unprocessableContent)
        }
        await throttle.forgive(keys: keys, at: now)
        let next = Self.safeNext(context.query.text("next"))
        if user.twoFactor {
            let pending = try await accounts.startPendingSignIn(userId: user.id, now: configuration.now())
            var headers = HTTPFields()
            headers[.location] = "/sign-in/code" + (next == "/" ? "" : "?next=" + FormData.escape(next))
            headers[.setCookie] = Cookies.set(
                configuration.pendingCookie, pending, secure: configuration.secureCookies, maxAge: 600)
            return Response(status: .seeOther, headers: headers)
        }
        return try await startSession(user, context, next: next)
    }

    /// Signs the user in: a new session replacing any earlier one (S2), recorded in the audit trail.
    func startSession(_ user: UserAccount, _ context: StatlasRequestContext, next: String) async throws -> Response {
        try await audit.append(
            AuditEntry(.signIn, actorId: user.id, detail: user.twoFactor ? "with a second factor" : nil))
        let token = try await accounts.startSession(
            userId: user.id, replacing: context.sessionToken, now: configuration.now())
        var headers = HTTPFields()
        headers[.location] = next
        for cookie in [
            Cookies.set(configuration.sessionCookie, token, secure: configuration.secureCookies),
            Cookies.clear(configuration.formCookie, secure: configuration.secureCookies),
            Cookies.clear(configuration.pendingCookie, secure: configuration.secureCookies),
        ] {
            headers.append(HTTPField(name: .setCookie, value: cookie))
        }
        return Response(status: .seeOther, headers: headers)
    }

    func signOut(_ context: StatlasRequestContext) async throws -> Response {
        if let token = context.sessionToken { try await accounts.endSession(token: token) }
        try await audit.append(AuditEntry(.signOut, actorId: context.user?.id))
        var headers = HTTPFields()
        headers[.location] = "/?signed-out=1"
        headers[.setCookie] = Cookies.clear(configuration.sessionCookie, secure: configuration.secureCookies)
        return Response(status: .seeOther, headers: headers)
    }

    /// The client's address for throttling: the peer, or the client a trusted proxy names (S19).
    static func client(_ context: StatlasRequestContext) -> String { context.clientAddress ?? "unknown" }

    /// Records a refused sign-in against the account it named, if any (never the email address itself).
    func recordFailure(email: String, detail: String) async throws {
        let account = try await accounts.user(email: email)
        try await audit.append(
            AuditEntry(.signInFailed, actorId: account?.id, detail: account == nil ? "unknown account" : detail))
    }

    /// Only local paths are followed after sign-in (no open redirects). Browsers drop tabs and line breaks
    /// from addresses and read `\\` as `/`, so those go before the check: `/\t/evil.example` is `//evil.example`.
    static func safeNext(_ next: String?) -> String {
        guard let next else { return "/" }
        let cleaned = String(
            String.UnicodeScalarView(next.unicodeScalars.filter { !["\t", "\n", "\r", "\\"].contains($0) }))
        guard cleaned.hasPrefix("/"), !cleaned.hasPrefix("//"), !ControlCharacters.present(in: cleaned),
            !cleaned.unicodeScalars.contains(where: { $0.properties.isWhitespace && $0 != " " })
        else { return "/" }
        return cleaned
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// `/account`: the signed-in user's own account — role, organisations, API tokens — and the optional
/// second factor: set up (key for an authenticator app, confirmed with a code; ten recovery codes shown
/// once) and turned off (with a code).
struct AccountPages {
    let accounts: any AccountRepository
    let records: any RecordRepository
    let audit: any AuditRepository
    let pages: PageRenderer
    let configuration: WebConfiguration

    static let codeField = [FieldSpec("code", "Code from your authenticator app", hint: "6 digits", required: true)]
    static let disableField = [
        FieldSpec(
            "code", "Code", hint: "A current code from your authenticator app, or a recovery code", required: true)
    ]

    func register(on routes: RouteTable) {
        routes.add(.get, "/account", .signedIn) { _, context in try await overview(context) }
        routes.add(.post, "/account/two-factor/start", .signedIn) { _, context in try await setup(context, errors: []) }
        routes.add(.post, "/account/two-factor/confirm", .signedIn) { request, context in
            try await confirm(request, context)
        }
        routes.add(.get, "/account/two-factor/disable", .signedIn) { _, context in disableForm(context, errors: []) }
        routes.add(.post, "/account/two-factor/disable", .signedIn) { request, context in
            try await disable(request, context)
        }
    }

    func overview(_ context: StatlasRequestContext, success: String? = nil) async throws -> Response {
        let user = try context.requireUser()
        let titles = try await records.titles([.organisation: Set(user.organisations)])[.organisation] ?? [:]
        let tokens = try await accounts.tokens(userId: user.id).filter { $0.revokedAt == nil }
        let rows: [RowView] = [
            ["Name", user.name], ["Email address", user.email], ["Role", user.roleLabel],
            [
                "Edits for",
                user.organisations.map { titles[$0] ?? $0 }.joined(separator: ", ").nilIfEmpty ?? "No organisation",
            ],
            ["Two-factor authentication", user.twoFactor ? "On" : "Off"], ["Active API tokens", String(tokens.count)],
        ].map { RowView([.text($0[0]), .text($0[1])]) }
        let model = ReportPageView(
            caption: "Your account", heading: user.name,
            sections: [
                SectionView(
                    id: "details", heading: "Details",
                    table: TableView(caption: "Your account", head: ["", "Value"], rows: rows))
            ],
            confirm: user.twoFactor
                ? ConfirmView(
                    method: "get", action: "/account/two-factor/disable", label: "Turn off two-factor authentication",
                    cancelHref: "/")
                : ConfirmView(
                    action: "/account/two-factor/start", label: "Set up two-factor authentication", cancelHref: "/"))
        return pages.page(model, title: "Your account", context: context, section: "/account", success: success)
    }

    func setup(_ context: StatlasRequestContext, errors: [FieldError]) async throws -> Response {
        let user = try context.requireUser()
        let secret = try await accounts.beginTwoFactor(userId: user.id)
        let characters = Array(secret)
        let grouped = stride(from: 0, to: characters.count, by: 4).map {
            String(characters[$0..<min($0 + 4, characters.count)])
        }
        let form = SimpleForm(
            title: "Set up two-factor authentication", caption: "Your account", fields: Self.codeField,
            action: "/account/two-factor/confirm",
            submitLabel: "Turn on", cancelHref: "/account",
            intro: [
                "Add Statlas to an authenticator app (such as one on your phone) by typing in this key, as a time-based code.",
                "Then enter the 6-digit code the app shows.",
            ],
            secretKey: grouped.joined(separator: " "),
            attributes: ["code": FieldAttributes(autocomplete: "one-time-code", inputmode: "numeric")])
        return form.render(pages, context: context, errors: errors, section: "/account")
    }

    func confirm(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try await FormData.read(request, context)["code"] ?? ""
        guard let recovery = try await accounts.confirmTwoFactor(userId: user.id, code: code, now: configuration.now())
        else {
            return try await setup(
                context, errors: [FieldError("code", "Enter the 6-digit code your authenticator app shows now")])
        }
        try await audit.append(AuditEntry(.account, actorId: user.id, detail: "turned on two-factor authentication"))
        let model = ReportPageView(
            caption: "Your account", heading: "Two-factor authentication is on",
            intro: [
                "From now on, signing in asks for a code from your authenticator app.",
                "If you lose the app, sign in with one of these recovery codes instead. Each works once. Keep them somewhere safe: they are not shown again.",
            ],
            sections: [
                SectionView.list(
                    id: "recovery", heading: "Recovery codes", links: recovery.map { LinkView($0) }, empty: "")
            ])
        var response = pages.page(
            model, title: "Two-factor authentication is on", context: context, section: "/account")
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func disableForm(_ context: StatlasRequestContext, errors: [FieldError]) -> Response {
        let form = SimpleForm(
            title: "Turn off two-factor authentication", caption: "Your account", fields: Self.disableField,
            action: "/account/two-factor/disable", submitLabel: "Turn off", cancelHref: "/account",
            attributes: ["code": FieldAttributes(autocomplete: "one-time-code")])
        return form.render(pages, context: context, errors: errors, section: "/account")
    }

    func disable(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let code = try await FormData.read(request, context)["code"] ?? ""
        guard try await accounts.disableTwoFactor(userId: user.id, code: code, now: configuration.now()) else {
            return disableForm(
                context,
                errors: [
                    FieldError("code", "Enter a current code from your authenticator app, or an unused recovery code")
                ])
        }
        try await audit.append(AuditEntry(.account, actorId: user.id, detail: "turned off two-factor authentication"))
        return Response(status: .seeOther, headers: [.location: "/account"])
    }

}

extension String {
    /// Nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// `/invitations/{token}`: an invited user chooses their password (policy S8), which uses up the link.
struct InvitationPage {
    let accounts: any AccountRepository
    let audit: any AuditRepository
    let pages: PageRenderer
    let configuration: WebConfiguration

    static let fields = [
        FieldSpec(
            "password", "Create a password",
            hint: "At least \(PasswordPolicy.minimumLength) characters. A few unrelated words make a good one",
            required: true),
        FieldSpec("confirm", "Type the password again", required: true),
    ]

    func register(on routes: RouteTable) {
        routes.add(.get, "/invitations/{token}", .everyone) { request, context in form(request, context, errors: []) }
        routes.add(.post, "/invitations/{token}", .everyone) { request, context in try await accept(request, context) }
    }

    func form(
        _ request: Request, _ context: StatlasRequestContext, errors: [FieldError], status: HTTPResponse.Status = .ok
    ) -> Response {
        let password = FieldAttributes(inputType: "password", autocomplete: "new-password")
        let form = SimpleForm(
            title: "Choose your password", caption: "Your account", fields: Self.fields, action: request.uri.path,
            submitLabel: "Save password", attributes: ["password": password, "confirm": password])
        return form.render(
            pages, context: context, errors: errors, status: status, formCookie: (request, configuration))
    }

    func accept(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let input = try await FormData.read(request, context)
        let password = input["password"] ?? ""
        guard password == input["confirm"] else {
            return form(
                request, context, errors: [FieldError("confirm", "The two passwords are different")],
                status: .unprocessableContent)
        }
        let user: UserAccount?
        do {
            user = try await accounts.acceptInvitation(
                token: context.parameters.get("token") ?? "", password: password, now: configuration.now())
        } catch StatlasError.invalid(let errors) {
            return form(
                request, context, errors: errors.map { FieldError("password", $0.message) },
                status: .unprocessableContent)
        }
        guard let user else {
            return pages.textPage(
                title: "This invitation link does not work",
                blocks: [
                    BlockView(paragraphs: [
                        "It has been used already or is more than 7 days old. Ask an administrator to invite you again."
                    ])
                ],
                context: context, status: .notFound)
        }
        try await audit.append(
            AuditEntry(.account, actorId: user.id, detail: "accepted an invitation and set a password"))
        return Response(status: .seeOther, headers: [.location: "/sign-in"])
    }
}

/// The form cookie that carries the CSRF token of forms used before signing in (sign-in, invitations).
enum FormCookie {
    /// The session's token, or the form cookie's, or a new one.
    static func token(_ request: Request, _ context: StatlasRequestContext, _ configuration: WebConfiguration) -> String
    {
        context.session?.csrfToken
            ?? Cookies.value(configuration.formCookie, in: request).flatMap { $0.count == 64 ? $0 : nil }
            ?? SecretToken.hex(bytes: 32)
    }

    static func header(_ token: String, _ configuration: WebConfiguration) -> String {
        Cookies.set(configuration.formCookie, token, secure: configuration.secureCookies, maxAge: 7200)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// Account management for administrators: the list of users, inviting a user (with their role and the
/// organisations they edit for), and disabling or re-enabling an account. Every change is audited.
struct AdminUsers {
    let accounts: any AccountRepository
    let records: any RecordRepository
    let audit: any AuditRepository
    let pages: PageRenderer
    let configuration: WebConfiguration

    static let roles = [
        ChoiceOption("viewer", "Viewer: can see everything signed-in users see"),
        ChoiceOption("editor", "Editor: can change the records of the organisations chosen below"),
        ChoiceOption("admin", "Administrator: can change everything and manage accounts"),
    ]

    static let fields = [
        FieldSpec("name", "Full name", required: true),
        FieldSpec("email", "Email address", .email, hint: "They sign in with this", required: true),
        FieldSpec("role", "Role", .choice(roles), required: true),
        FieldSpec(
            "organisations", "Organisations they edit for", .references(.organisation),
            hint: "Only for editors: the organisations whose records they may change"),
    ]

    func register(on routes: RouteTable) {
        routes.add(.get, "/admin/users", .admin) { _, context in try await list(context, invitation: nil) }
        routes.add(.get, "/admin/users/new", .admin) { _, context in
            try await form(FormData(), errors: [], context: context)
        }
        routes.add(.post, "/admin/users/new", .admin) { request, context in try await invite(request, context) }
        routes.add(.post, "/admin/users/{id}/disable", .admin) { _, context in try await setDisabled(true, context) }
        routes.add(.post, "/admin/users/{id}/enable", .admin) { _, context in try await setDisabled(false, context) }
    }

    func list(_ context: StatlasRequestContext, invitation: InvitationView?) async throws -> Response {
        let users = try await accounts.users()
        let titles =
            try await records.titles([.organisation: Set(users.flatMap(\.organisations))])[.organisation] ?? [:]
        let model = UsersPageView(
            heading: "User accounts",
            users: users.map { user in
                UserRowView(
                    name: user.name, email: user.email, role: user.roleLabel,
                    organisations: user.organisations.map { titles[$0] ?? $0 }.joined(separator: ", "),
                    status: user.disabled ? "Disabled" : "Active",
                    action: "/admin/users/\(user.id)/" + (user.disabled ? "enable" : "disable"),
                    actionLabel: user.disabled ? "Enable" : "Disable")
            },
            invitation: invitation)
        return pages.page(model, title: "User accounts", context: context, section: "/admin/users")
    }

    func form(
        _ input: FormData, errors: [FieldError], context: StatlasRequestContext, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let form = SimpleForm(
            title: "Invite a user", caption: "User accounts", fields: Self.fields, action: "/admin/users/new",
            submitLabel: "Invite",
            cancelHref: "/admin/users")
        return form.render(
            pages, context: context, input: input, errors: errors,
            options: try await ReferenceOptions.load(for: [.organisation], repository: records), status: status,
            section: "/admin/users")
    }

    func invite(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let input = try await FormData.read(request, context)
        let role = input["role"] ?? ""
        let organisations = input.values("organisations").flatMap { $0.split(whereSeparator: \.isNewline) }
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var errors: [FieldError] = []
        if !Self.roles.map(\.value).contains(role) { errors.append(FieldError("role", "Select the user's role")) }
        if role == "editor" && organisations.isEmpty {
            errors.append(FieldError("organisations", "Select the organisations this editor edits for"))
        }
        let name = (input["name"] ?? "").trimmingCharacters(in: .whitespaces)
        let email = (input["email"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            guard errors.isEmpty else { throw StatlasError.invalid(errors) }
            let user = try await accounts.createUser(email: email, name: name, isAdmin: role == "admin")
            if role == "editor" {
                _ = try await accounts.setOrganisations(email: user.email, organisations: organisations)
            }
            let token = try await accounts.createInvitation(userId: user.id, now: configuration.now())
            try await audit.append(
                AuditEntry(.account, actorId: context.user?.id, detail: "invited user \(user.id) as \(role)"))
            let link = context.origin + "/invitations/" + token
            return try await list(context, invitation: InvitationView(name: user.name, link: link))
        } catch StatlasError.invalid(let more) {
            return try await form(
                input, errors: FieldError.merge(errors, more), context: context, status: .unprocessableContent)
        }
    }

    func setDisabled(_ disabled: Bool, _ context: StatlasRequestContext) async throws -> Response {
        let id = context.parameters.get("id") ?? ""
        guard let user = try await accounts.user(id: id) else { throw APIFailure.notFound("No user has the id \(id).") }
        guard user.id != context.user?.id || !disabled else {
            throw StatlasError.forbidden("You cannot disable your own account.")
        }
        _ = try await accounts.setDisabled(email: user.email, disabled: disabled)
        try await audit.append(
            AuditEntry(
                .account, actorId: context.user?.id, detail: "\(disabled ? "disabled" : "enabled") user \(user.id)"))
        return Response(status: .seeOther, headers: [.location: "/admin/users"])
    }
}

extension Organisation {
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", required: true),
        FieldSpec("shortName", "Short name or abbreviation", hint: "For example, ONS"),
        .choice("kind", "Kind of organisation", OrganisationKind.self, required: true),
        .choices("nations", "Nations served", Nation.self),
        FieldSpec(
            "gssCode", "GSS code",
            hint: "The organisation's own area, for a local authority or devolved government, like E06000001"),
        FieldSpec("parentIds", "Parent organisations", .references(.organisation)),
        .choice("status", "Status", OrganisationStatus.self),
        FieldSpec("closedOn", "Closed on", .date),
        FieldSpec(
            "supersededByIds", "Superseded by", .references(.organisation),
            hint: "The organisations that took over its work"),
        FieldSpec("website", "Website", .url, hint: "Starting https://"),
        FieldSpec("description", "Description", .longText),
        FieldSpec(
            "memberships", "Network memberships",
            .group([
                FieldSpec("networkId", "Network", .reference(.organisation), required: true),
                .choice("role", "Role", MembershipRole.self, required: true),
            ])),
    ]
}

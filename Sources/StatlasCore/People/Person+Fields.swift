extension Person {
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", hint: "Or a role name, like 'ONS user engagement team'", required: true),
        FieldSpec("organisationId", "Organisation", .reference(.organisation)),
        FieldSpec("jobTitle", "Job title"),
        FieldSpec("email", "Email address", .email),
        .choice("visibility", "Who can see the email address", Visibility.self, required: true),
        FieldSpec(
            "roles", "Roles",
            .group([
                .choice("role", "Role", PersonRole.self, required: true),
                FieldSpec("themeId", "Theme", .reference(.theme)),
                FieldSpec("start", "Start", .date),
                FieldSpec("end", "End", .date),
            ])),
        .choice("lawfulBasis", "Lawful basis for holding these details", LawfulBasis.self, required: true),
        FieldSpec("reviewDate", "Review date", .date, hint: "When these details must be checked again"),
    ]
}

extension Collaboration {
    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", required: true),
        FieldSpec("summary", "Summary", .longText),
        .choice("kind", "Kind of collaboration", CollaborationKind.self, required: true),
        .choice("status", "Status", CollaborationStatus.self, required: true),
        FieldSpec("start", "Start", .date),
        FieldSpec("end", "End", .date),
        FieldSpec(
            "participants", "Participants",
            .group([
                FieldSpec("organisationId", "Organisation", .reference(.organisation), required: true),
                .choice("role", "Role", ParticipantRole.self, required: true),
            ])),
        FieldSpec("datasetIds", "Datasets", .references(.dataset)),
        FieldSpec("areaIds", "Areas", .references(.area)),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        FieldSpec("outcomes", "Outcomes", .list),
        FieldSpec(
            "factors", "Incentives, barriers and enablers",
            .group([
                FieldSpec("factorId", "Factor", .reference(.factor), required: true),
                .choice("kind", "Acted as", FactorKind.self, required: true),
                FieldSpec("note", "Note"),
            ])),
    ]
}

extension Relationship {
    public static let fields: [FieldSpec] = [
        FieldSpec(
            "ownerOrganisationId", "Organisation managing the relationship", .reference(.organisation), required: true),
        FieldSpec("stakeholderOrganisationId", "Stakeholder", .reference(.organisation), required: true),
        FieldSpec("datasetId", "About the dataset", .reference(.dataset)),
        FieldSpec("power", "Power (1 to 5)", .number(Bounds.score), required: true),
        FieldSpec("interest", "Interest (1 to 5)", .number(Bounds.score), required: true),
        .choice(
            "approach", "Engagement approach", EngagementApproach.self,
            hint: "Leave blank to work it out from power and interest"),
        FieldSpec("relationshipOwnerId", "Relationship owner", .reference(.person)),
        FieldSpec("lastContact", "Last contact", .date),
        FieldSpec("notes", "Notes", .longText),
        FieldSpec(
            "assessments", "Assessment history",
            .group([
                FieldSpec("date", "Date", .date, required: true),
                FieldSpec("power", "Power", .number(Bounds.score), required: true),
                FieldSpec("interest", "Interest", .number(Bounds.score), required: true),
                FieldSpec("note", "Note"),
            ])),
    ]
}

extension Activity {
    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", required: true),
        FieldSpec("summary", "Summary", .longText),
        .choice("kind", "Kind of activity", ActivityKind.self, required: true),
        FieldSpec("organiserIds", "Organisers", .references(.organisation)),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        FieldSpec("datasetIds", "Datasets", .references(.dataset)),
        .choices("audiences", "Audiences", Audience.self),
        .choice("mode", "Format", ActivityMode.self),
        FieldSpec("start", "Start", .date),
        FieldSpec("end", "End", .date),
        FieldSpec("startTime", "Start time", hint: "UK time on the 24-hour clock, like 09:30; leave blank for all day"),
        FieldSpec("endTime", "End time", hint: "Like 16:00"),
        FieldSpec("locationAreaId", "Location", .reference(.area)),
        FieldSpec("url", "Web page", .url),
        FieldSpec("invited", "Number invited", .number(Bounds.count)),
        FieldSpec("signedUp", "Number signed up", .number(Bounds.count)),
        FieldSpec("attended", "Number attended", .number(Bounds.count)),
        FieldSpec("responses", "Number of responses", .number(Bounds.count)),
        FieldSpec("walkInsAllowed", "Walk-ins allowed", .bool),
        FieldSpec("feedbackSummary", "What users told us", .longText),
        FieldSpec(
            "actions", "You said, we did",
            .group([
                FieldSpec("youSaid", "You said", required: true),
                FieldSpec("weDid", "We did"),
                .choice("status", "Status", ActionStatus.self, required: true),
            ])),
    ]
}

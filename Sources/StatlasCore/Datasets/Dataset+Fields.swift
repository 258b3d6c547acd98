extension Dataset {
    public static let fields: [FieldSpec] = [
        FieldSpec("title", "Title", required: true),
        FieldSpec("summary", "Summary", .longText),
        FieldSpec("producerIds", "Producers", .references(.organisation)),
        FieldSpec("publisherId", "Publisher", .reference(.organisation)),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        FieldSpec("keywords", "Keywords", .list),
        .choice("designation", "Designation", Designation.self),
        .choice("frequency", "Release frequency", Frequency.self),
        FieldSpec("temporalStart", "First period covered", .period, hint: "A year, month or day, like 2011 or 2021-04"),
        FieldSpec("temporalEnd", "Last period covered", .period, hint: "A year, month or day, like 2023"),
        FieldSpec("nextRelease", "Next release", .date),
        FieldSpec("url", "Web page", .url),
        FieldSpec("contactPersonId", "Contact person", .reference(.person)),
        FieldSpec("contactEmail", "Contact email address", .email),
        FieldSpec("licence", "Licence", hint: "For example, OGL-UK-3.0"),
        FieldSpec(
            "coverage", "Coverage by nation",
            .group([
                .choice("nation", "Nation", Nation.self, required: true),
                FieldSpec("covered", "Covered", .bool),
                .choice("finestLevel", "Finest level published", GeographicLevel.self),
                FieldSpec("areaCount", "Number of areas", .number(Bounds.count)),
            ])),
        FieldSpec("comparabilityNote", "Comparability across the UK", .longText),
        FieldSpec(
            "equivalents", "Equivalent datasets elsewhere",
            .group([
                FieldSpec("datasetId", "Dataset", .reference(.dataset), required: true),
                .choice("comparability", "Comparability", Comparability.self, required: true),
                FieldSpec("note", "Note"),
            ])),
        FieldSpec(
            "notEquivalentIds", "Not equivalent to", .references(.dataset),
            hint: "Datasets dismissed as suggested equivalents: they are no longer suggested"),
        FieldSpec(
            "uses", "Organisations using it",
            .group([
                FieldSpec("organisationId", "Organisation", .reference(.organisation), required: true),
                FieldSpec("purpose", "Purpose"),
            ])),
    ]
}

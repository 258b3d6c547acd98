extension Area {
    public static let fields: [FieldSpec] = [
        FieldSpec("code", "GSS or ITL code", hint: "For example, E06000001 or TLC", required: true),
        FieldSpec("name", "Name", required: true),
        .choice("level", "Geographic level", GeographicLevel.self, hint: "Leave blank to work it out from the code"),
        .choice("nation", "Nation", Nation.self, hint: "Leave blank to work it out from the code"),
        FieldSpec("parentCodes", "Parent areas", .references(.area)),
        FieldSpec("validFrom", "Valid from", .date),
        FieldSpec("validTo", "Valid to", .date),
        FieldSpec("successorCodes", "Succeeded by", .references(.area)),
        FieldSpec(
            "hex", "Position on the hex map",
            .object([
                FieldSpec("q", "Column (q)", .number(Bounds.hexPosition)),
                FieldSpec("r", "Row (r)", .number(Bounds.hexPosition)),
                .choice("layout", "Layout", HexLayout.self),
            ])),
    ]
}

extension Theme {
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", required: true),
        FieldSpec("description", "Description", .longText),
    ]
}

extension Factor {
    public static let fields: [FieldSpec] = [
        FieldSpec("name", "Name", required: true),
        FieldSpec("description", "Description", .longText),
        .choices("typicalKinds", "Usually acts as", FactorKind.self),
    ]
}

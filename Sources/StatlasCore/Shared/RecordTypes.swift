/// The Swift type behind each kind of record.
public enum RecordTypes {
    public static func type(for kind: EntityKind) -> any Record.Type {
        switch kind {
        case .organisation: Organisation.self
        case .person: Person.self
        case .theme: Theme.self
        case .area: Area.self
        case .dataset: Dataset.self
        case .collaboration: Collaboration.self
        case .activity: Activity.self
        case .relationship: Relationship.self
        case .factor: Factor.self
        }
    }
}

import Foundation

/// One value a choice field offers: the stored value and the words shown for it.
public struct ChoiceOption: Sendable, Hashable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }

    /// Every value of a vocabulary, in declaration order.
    public static func all<V: Vocabulary>(_ type: V.Type) -> [ChoiceOption] {
        V.allCases.map { ChoiceOption($0.rawValue, $0.label) }
    }
}

/// A declarative description of one field of a record: what the generic pages show, how forms edit it
/// and how form input becomes the record's JSON. Entities list theirs in `Record.fields`.
public struct FieldSpec: Sendable {
    /// What kind of value the field holds.
    public indirect enum Kind: Sendable {
        case text
        case longText
        case email
        case url
        /// A day (`YYYY-MM-DD`), edited with the three-part date input.
        case date
        /// A whole number.
        case number
        case bool
        /// An ISO 8601 year, month or day (`2021`, `2021-04`).
        case period
        /// One value from a list.
        case choice([ChoiceOption])
        /// Any number of values from a list.
        case choices([ChoiceOption])
        /// The id of one record of a kind.
        case reference(EntityKind)
        /// The ids of any number of records of a kind.
        case references(EntityKind)
        /// Any number of short texts, one per line.
        case list
        /// Any number of structured entries, each with these fields.
        case group([FieldSpec])
        /// One structured value with these fields.
        case object([FieldSpec])
    }

    /// The JSON field name.
    public var name: String
    /// The label shown to people.
    public var label: String
    public var kind: Kind
    /// Help shown under the label.
    public var hint: String?
    /// True when the record is not valid without it (shown in the form, checked by `validate`).
    public var required: Bool

    public init(_ name: String, _ label: String, _ kind: Kind = .text, hint: String? = nil, required: Bool = false) {
        self.name = name
        self.label = label
        self.kind = kind
        self.hint = hint
        self.required = required
    }

    /// A single choice from a vocabulary.
    public static func choice<V: Vocabulary>(
        _ name: String, _ label: String, _ type: V.Type, hint: String? = nil, required: Bool = false
    ) -> FieldSpec {
        FieldSpec(name, label, .choice(ChoiceOption.all(type)), hint: hint, required: required)
    }

    /// Several choices from a vocabulary.
    public static func choices<V: Vocabulary>(_ name: String, _ label: String, _ type: V.Type, hint: String? = nil) -> FieldSpec {
        FieldSpec(name, label, .choices(ChoiceOption.all(type)), hint: hint)
    }

    /// The options of a choice field, or nil for other kinds.
    public var options: [ChoiceOption]? {
        switch kind {
        case .choice(let options), .choices(let options): options
        default: nil
        }
    }

    /// The label for a stored value of a choice field (the value itself when unknown).
    public func label(for value: String) -> String {
        options?.first { $0.value == value }?.label ?? value
    }
}

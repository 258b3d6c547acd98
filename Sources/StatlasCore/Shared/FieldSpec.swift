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
        /// A whole number within the bounds (checked wherever a record is read, shown in forms and the OpenAPI document).
        case number(ClosedRange<Int>)
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
    public static func choices<V: Vocabulary>(_ name: String, _ label: String, _ type: V.Type, hint: String? = nil)
        -> FieldSpec
    {
        FieldSpec(name, label, .choices(ChoiceOption.all(type)), hint: hint)
    }

    /// The options of a choice field, or nil for other kinds.
    public var options: [ChoiceOption]? {
        switch kind {
        case .choice(let options), .choices(let options): options
        default: nil
        }
    }

    /// The bounds of a number field, or nil for other kinds.
    public var bounds: ClosedRange<Int>? {
        if case .number(let bounds) = kind { return bounds }
        return nil
    }

    /// The label for a stored value of a choice field (the value itself when unknown).
    public func label(for value: String) -> String {
        options?.first { $0.value == value }?.label ?? value
    }
}

/// The bounds of every number that comes from outside, declared once and used by the fields that hold
/// such numbers, the query parameters that take them and the imports that read them (STANDARDS.md R12).
public enum Bounds {
    /// Counts of people, responses, areas: 0 to a billion.
    public static let count = 0...1_000_000_000
    /// Calendar years.
    public static let year = 1...9999
    /// Power and interest on Mendelow's grid.
    public static let score = 1...5
    /// A column or row of a hex map.
    public static let hexPosition = -10_000...10_000
    /// Records skipped when paging (`offset`).
    public static let offset = 0...1_000_000_000
    /// Page numbers (`page`).
    public static let page = 1...10_000_000
    /// The largest magnitude of a JSON number read exactly by a Double (2^53 − 1).
    public static let safeInteger = 9_007_199_254_740_991

    /// "from 0 to 1,000,000,000": the bounds in words, for messages.
    public static func words(_ bounds: ClosedRange<Int>) -> String {
        "from \(grouped(bounds.lowerBound)) to \(grouped(bounds.upperBound))"
    }

    /// A whole number with thousands separators (`1,000,000`), without a locale.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "−" : "") + out
    }

    /// A whole number from query or form text within `bounds` (digits with an optional `-`; spaces around are
    /// ignored), or nil (empty, not a whole number, or out of range).
    public static func parse(_ text: String, _ bounds: ClosedRange<Int>) -> Int? {
        let trimmed = text.trimmedWhitespace(newlines: false)
        let digits = trimmed.hasPrefix("-") ? trimmed.dropFirst() : Substring(trimmed)
        guard !digits.isEmpty, digits.utf8.count <= 19, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            let value = Int(trimmed), bounds.contains(value)
        else { return nil }
        return value
    }
}

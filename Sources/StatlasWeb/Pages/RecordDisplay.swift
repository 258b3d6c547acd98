import Foundation
import StatlasCore
import StatlasExchange

/// Shows any record on a page from its `FieldSpec`s: a summary list row per field (references as links
/// with the referred record's title, choices with their labels) and a table per group field.
struct RecordDisplay {
    /// Titles of referred records, by kind and id.
    let titles: [EntityKind: [String: String]]

    /// The fields shown and edited for a kind: its own, then the organisation maintaining the record.
    static func fields<R: Record>(_ type: R.Type) -> [FieldSpec] {
        R.fields + [
            FieldSpec(
                "ownerId", "Maintained by", .reference(.organisation),
                hint: "The organisation whose members keep this record up to date")
        ]
    }

    /// Every id the fields refer to, by kind, so that titles can be fetched in one query per kind.
    static func references(in object: [String: JSONValue], fields: [FieldSpec]) -> [EntityKind: Set<String>] {
        var result: [EntityKind: Set<String>] = [:]
        for field in fields {
            let value = object[field.name] ?? .null
            switch field.kind {
            case .reference(let kind), .references(let kind):
                result[kind, default: []].formUnion(value.strings)
            case .group(let inner), .object(let inner):
                for entry in value.objects {
                    for (kind, ids) in references(in: entry, fields: inner) { result[kind, default: []].formUnion(ids) }
                }
            default: break
            }
        }
        return result
    }

    /// Summary list rows for the plain fields.
    func rows(_ object: [String: JSONValue], fields: [FieldSpec]) -> [FieldRowView] {
        fields.compactMap { field in
            if case .group = field.kind { return nil }
            return FieldRowView(label: field.label, value: value(object[field.name] ?? .null, field))
        }
    }

    /// One table per group field that has entries.
    func tables(_ object: [String: JSONValue], fields: [FieldSpec]) -> [TableView] {
        fields.compactMap { field -> TableView? in
            guard case .group(let inner) = field.kind else { return nil }
            let entries = (object[field.name] ?? .null).objects
            guard !entries.isEmpty else { return nil }
            return TableView(
                caption: field.label, head: inner.map(\.label),
                rows: entries.map { entry in RowView(inner.map { value(entry[$0.name] ?? .null, $0) }) })
        }
    }

    /// One field's value as items, each with text and, for references and web addresses, a link.
    func value(_ json: JSONValue, _ field: FieldSpec) -> CellView {
        var items: [LinkView] = []
        switch field.kind {
        case .reference(let kind), .references(let kind):
            items = json.strings.map { link(kind, $0) }
        case .choice, .choices:
            items = json.strings.map { LinkView(field.label(for: $0)) }
        case .url:
            items = json.strings.map { LinkView($0, href: SafeURL.isWebAddress($0) ? $0 : nil) }
        case .email:
            items = json.strings.map { LinkView($0, href: EmailAddress.isPlausible($0) ? "mailto:" + $0 : nil) }
        case .date:
            items = json.strings.compactMap { CalendarDate($0).map { LinkView(Self.format($0)) } }
        case .period:
            items = json.strings.map { LinkView(Self.period($0)) }
        case .bool:
            items = [LinkView(json == .bool(true) ? "Yes" : "No")]
        case .object(let inner):
            let entry = json.objects.first ?? [:]
            items = inner.compactMap { sub in
                let text = (entry[sub.name] ?? .null)
                return text == .null ? nil : LinkView("\(sub.label): \(sub.label(for: text.plainText))")
            }
        case .group:
            items = []
        default:
            if case .array(let values) = json {
                items = values.map { LinkView($0.plainText) }
            } else if json != .null, !json.plainText.isEmpty {
                items = [LinkView(json.plainText)]
            }
        }
        if items.isEmpty { return .empty }
        if items.count == 1, !field.kind.isMany {
            return CellView(single: true, text: items[0].text, href: items[0].href)
        }
        return .list(items)
    }

    /// A link to a record, titled when the record exists.
    func link(_ kind: EntityKind, _ id: String) -> LinkView {
        LinkView(titles[kind]?[id] ?? id, href: RecordPaths.path(kind, id))
    }

    /// A period as people write it: a year as it is, a month as "March 2023", a day as "1 March 2023"; anything
    /// else as given.
    static func period(_ text: String) -> String {
        if let day = CalendarDate(text) { return format(day) }
        return MonthName.long(text)
    }

    /// A date as people write it: 1 March 2024.
    static func format(_ date: CalendarDate) -> String { MonthName.day(date) }
}

/// A summary list row of a detail page: a field's label and value.
struct FieldRowView: Sendable {
    var label: String
    var value: CellView
}

/// The web addresses of records' pages.
enum RecordPaths {
    static func path(_ kind: EntityKind, _ id: String) -> String {
        "/\(kind.collection)/"
            + (id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? id)
    }
}

extension JSONValue {
    /// The strings in a string or an array of strings.
    var strings: [String] {
        switch self {
        case .string(let s): [s]
        case .array(let items): items.compactMap { if case .string(let s) = $0 { s } else { nil } }
        default: []
        }
    }

    /// The objects in an object or an array of objects.
    var objects: [[String: JSONValue]] {
        switch self {
        case .object(let o): [o]
        case .array(let items): items.compactMap { if case .object(let o) = $0 { o } else { nil } }
        default: []
        }
    }
}

extension FieldSpec.Kind {
    /// True for fields holding several values (shown as a list even with one).
    var isMany: Bool {
        switch self {
        case .choices, .references, .list: true
        default: false
        }
    }
}

import Foundation
import StatlasCore

/// Turns form input into a record's JSON and a record's JSON into form input, from the record's
/// `FieldSpec`s. Every entity's forms work through this one mechanism.
enum FormCodec {
    /// The result of reading a form: the JSON object, the problems found in the input itself, and for each
    /// group the form entry index of each kept entry (blank entries are dropped).
    struct Reading {
        var object: [String: JSONValue] = [:]
        var errors: [FieldError] = []
        var entryIndexes: [String: [Int]] = [:]
    }

    /// Reads the fields from the form.
    static func read(_ form: FormData, fields: [FieldSpec]) -> Reading {
        var reading = Reading()
        reading.object = read(form, fields: fields, prefix: "", path: "", inGroup: false, reading: &reading)
        return reading
    }

    private static func read(
        _ form: FormData, fields: [FieldSpec], prefix: String, path: String, inGroup: Bool, reading: inout Reading
    ) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        for field in fields {
            let key = prefix + field.name
            let errorPath = path + field.name
            switch field.kind {
            case .text, .longText, .email, .url, .period, .reference, .choice:
                let text = form[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                object[field.name] = text.isEmpty ? .null : .string(text)
            case .number(let bounds):
                let text = form[key]?.trimmingCharacters(in: .whitespaces) ?? ""
                if text.isEmpty {
                    object[field.name] = inGroup && !field.required ? .number(0) : .null
                } else if let n = Bounds.parse(String(text.unicodeScalars.filter { $0 != "," }), bounds) {
                    object[field.name] = .number(Double(n))
                } else {
                    reading.errors.append(
                        FieldError(errorPath, "\(field.label) must be a whole number \(Bounds.words(bounds))"))
                    object[field.name] = .null
                }
            case .bool:
                object[field.name] = .bool(form[key] == "true")
            case .date:
                object[field.name] = readDate(
                    form, key: key, path: errorPath, label: field.label, errors: &reading.errors)
            case .choices, .references, .list:
                let values = form.values(key).flatMap { $0.split(whereSeparator: \.isNewline) }
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                var seen = Set<String>()
                object[field.name] = .array(values.filter { seen.insert($0).inserted }.map(JSONValue.string))
            case .group(let entryFields):
                var entries: [JSONValue] = []
                var kept: [Int] = []
                for index in form.typedIndexes(of: key) {
                    let entryPrefix = "\(key)[\(index)]."
                    let entryPath = "\(errorPath)[\(entries.count)]."
                    let entry = read(
                        form, fields: entryFields, prefix: entryPrefix, path: entryPath, inGroup: true,
                        reading: &reading)
                    entries.append(.object(entry))
                    kept.append(index)
                }
                reading.entryIndexes[key] = kept
                object[field.name] = .array(entries)
            case .object(let inner):
                let innerPrefix = key + "."
                let typed = form.pairs.contains {
                    $0.name.hasPrefix(innerPrefix) && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty
                }
                let value = read(
                    form, fields: inner, prefix: innerPrefix, path: errorPath + ".", inGroup: true, reading: &reading)
                object[field.name] = typed ? .object(value) : .null
            }
            if field.required, object[field.name] == .null, !reading.errors.contains(where: { $0.field == errorPath }) {
                reading.errors.append(FieldError(errorPath, FormErrors.humane("must not be null", spec: field)))
            }
        }
        return object
    }

    /// Reads the three parts of a date input; all blank is no date.
    static func readDate(_ form: FormData, key: String, path: String, label: String, errors: inout [FieldError])
        -> JSONValue
    {
        let parts = ["day", "month", "year"].map { form["\(key).\($0)"]?.trimmingCharacters(in: .whitespaces) ?? "" }
        if parts.allSatisfy(\.isEmpty) { return .null }
        let missing = zip(["day", "month", "year"], parts).filter { $0.1.isEmpty }.map(\.0)
        if !missing.isEmpty {
            errors.append(FieldError(path, "\(label) must include a \(missing.joined(separator: " and a "))"))
            return .null
        }
        guard let day = Bounds.parse(parts[0], 1...31), let month = Bounds.parse(parts[1], 1...12),
            let year = CalendarDate.digits(Substring(parts[2]), 4), Bounds.year.contains(year),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else {
            errors.append(FieldError(path, "\(label) must be a real date, like 27 3 2025"))
            return .null
        }
        return .string(CalendarDate(year: year, month: month, day: day).description)
    }

    /// Form input showing a stored record (its JSON) in the form fields.
    static func formData(from object: [String: JSONValue], fields: [FieldSpec], prefix: String = "") -> FormData {
        var form = FormData()
        for field in fields {
            let key = prefix + field.name
            let value = object[field.name] ?? .null
            switch field.kind {
            case .date:
                if case .string(let text) = value, let date = CalendarDate(text) {
                    form.append(key + ".day", String(date.day))
                    form.append(key + ".month", String(date.month))
                    form.append(key + ".year", String(date.year))
                }
            case .choices, .references, .list:
                if case .array(let items) = value { for item in items { form.append(key, item.plainText) } }
            case .group(let entryFields):
                if case .array(let items) = value {
                    for (index, item) in items.enumerated() {
                        guard case .object(let entry) = item else { continue }
                        form.pairs += formData(from: entry, fields: entryFields, prefix: "\(key)[\(index)].").pairs
                    }
                }
            case .object(let inner):
                if case .object(let entry) = value {
                    form.pairs += formData(from: entry, fields: inner, prefix: key + ".").pairs
                }
            case .bool:
                if value == .bool(true) { form.append(key, "true") }
            default:
                if value != .null { form.append(key, value.plainText) }
            }
        }
        return form
    }
}

extension JSONValue {
    /// The value as plain text: strings as they are, whole numbers without a decimal point.
    var plainText: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "Yes" : "No"
        case .number(let n): n.rounded() == n && abs(n) < 9e15 ? String(Int64(n)) : String(n)
        case .string(let s): s
        case .array(let items): items.map(\.plainText).joined(separator: ", ")
        case .object: ""
        }
    }
}

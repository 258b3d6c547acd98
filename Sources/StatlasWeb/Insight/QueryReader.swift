import Foundation
import StatlasCore

/// Reads an insight endpoint's query parameters, collecting one field error per bad parameter so that the
/// API answers with every problem at once (RFC 9457) and the page marks every field.
struct QueryReader {
    let parameters: [String: String]
    var errors: [FieldError] = []

    init(_ parameters: [String: String]) { self.parameters = parameters }

    /// The trimmed value, or nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = parameters[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Comma-separated values, trimmed, blanks dropped.
    func list(_ name: String) -> [String] {
        (text(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    mutating func date(_ name: String) -> CalendarDate? {
        guard let value = text(name) else { return nil }
        guard let day = CalendarDate(value) else {
            errors.append(FieldError(name, "\(name) must be a real date written YYYY-MM-DD, like 2024-04-01"))
            return nil
        }
        return day
    }

    /// A date range whose end may not come before its start.
    mutating func dates(_ from: String, _ to: String) -> (CalendarDate?, CalendarDate?) {
        let (start, end) = (date(from), date(to))
        if let start, let end, end < start { errors.append(FieldError(to, "\(to) must be on or after \(from)")) }
        return (start, end)
    }

    mutating func choice<V: Vocabulary>(_ name: String, _ type: V.Type) -> V? {
        guard let value = text(name) else { return nil }
        guard let chosen = V(rawValue: value) else {
            errors.append(FieldError(name, "\(name) must be one of: \(V.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return chosen
    }

    /// One of `allowed`, `fallback` when absent.
    mutating func choice(_ name: String, among allowed: [String], fallback: String) -> String {
        let value = text(name) ?? fallback
        if !allowed.contains(value) { errors.append(FieldError(name, "\(name) must be one of: \(allowed.joined(separator: ", "))")) }
        return value
    }

    mutating func flag(_ name: String) -> Bool {
        guard let value = text(name)?.lowercased() else { return false }
        guard ["true", "false"].contains(value) else {
            errors.append(FieldError(name, "\(name) must be true or false"))
            return false
        }
        return value == "true"
    }

    /// A text value of at most `limit` characters.
    mutating func text(_ name: String, max limit: Int) -> String? {
        guard let value = text(name) else { return nil }
        if value.count > limit { errors.append(FieldError(name, "\(name) must be \(limit) characters or fewer")) }
        return value
    }

    /// Ids that must name records of `kind` in `known`.
    mutating func references(_ name: String, _ ids: [String], known: Set<String>, noun: String) {
        let unknown = ids.filter { !known.contains($0) }
        if !unknown.isEmpty { errors.append(FieldError(name, "No \(noun) has the id \(unknown.prefix(5).joined(separator: ", "))")) }
    }

    /// Throws every error collected.
    func finish() throws {
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
    }

    /// A query string from name–value pairs.
    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\($0.0)=\(FormData.escape($0.1))" }.joined(separator: "&")
    }
}

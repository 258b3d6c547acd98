import Foundation

/// The one reader of query parameters, for every API route and page: it reads each value once with its type
/// and bounds, collects one field error per bad parameter (so the API answers with every problem at once,
/// RFC 9457, and a page marks every field), and refuses parameters the route does not declare.
public struct QueryReader: Sendable {
    public let parameters: [String: String]
    public var errors: [FieldError] = []

    public init(_ parameters: [String: String]) { self.parameters = parameters }

    /// One error per parameter that is not among `accepted`, naming it and what is accepted. The day,
    /// month and year boxes of a date `x` (`x.day`, `x.month`, `x.year`) count as `x`.
    public static func unknown(_ parameters: [String: String], accepting accepted: [String]) -> [FieldError] {
        let known = Set(accepted)
        let names = parameters.keys.filter { name in
            guard !known.contains(name) else { return false }
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            return !(parts.count == 2 && known.contains(parts[0]) && ["day", "month", "year"].contains(parts[1]))
        }
        let list = accepted.isEmpty ? "it takes none" : "it takes \(accepted.joined(separator: ", "))"
        return names.sorted().map { FieldError($0, "\($0) is not a query parameter of this address; \(list)") }
    }

    /// True when the parameter is present, even blank (`?saved`, `?q=`).
    public func given(_ name: String) -> Bool { parameters[name] != nil }

    /// The trimmed value, or nil when absent or blank.
    public func text(_ name: String) -> String? {
        guard let value = parameters[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// Comma-separated values, trimmed, blanks dropped.
    public func list(_ name: String) -> [String] {
        (text(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    public mutating func date(_ name: String) -> CalendarDate? {
        guard let value = text(name) else { return nil }
        guard let day = CalendarDate(value) else {
            errors.append(FieldError(name, "\(name) must be a real date written YYYY-MM-DD, like 2024-04-01"))
            return nil
        }
        return day
    }

    /// A date range whose end may not come before its start.
    public mutating func dates(_ from: String, _ to: String) -> (CalendarDate?, CalendarDate?) {
        let (start, end) = (date(from), date(to))
        if let start, let end, end < start { errors.append(FieldError(to, "\(to) must be on or after \(from)")) }
        return (start, end)
    }

    public mutating func choice<V: Vocabulary>(_ name: String, _ type: V.Type) -> V? {
        guard let value = text(name) else { return nil }
        guard let chosen = V(rawValue: value) else {
            errors.append(
                FieldError(name, "\(name) must be one of: \(V.allCases.map(\.rawValue).joined(separator: ", "))"))
            return nil
        }
        return chosen
    }

    /// One of `allowed`, `fallback` when absent.
    public mutating func choice(_ name: String, among allowed: [String], fallback: String) -> String {
        let value = text(name) ?? fallback
        if !allowed.contains(value) {
            errors.append(FieldError(name, "\(name) must be one of: \(allowed.joined(separator: ", "))"))
        }
        return value
    }

    public mutating func flag(_ name: String) -> Bool {
        guard let value = text(name)?.lowercased() else { return false }
        guard ["true", "false"].contains(value) else {
            errors.append(FieldError(name, "\(name) must be true or false"))
            return false
        }
        return value == "true"
    }

    /// A text value of at most `limit` characters.
    public mutating func text(_ name: String, max limit: Int) -> String? {
        guard let value = text(name) else { return nil }
        if value.count > limit { errors.append(FieldError(name, "\(name) must be \(limit) characters or fewer")) }
        return value
    }

    /// Ids that must name records of `kind` in `known`.
    public mutating func references(_ name: String, _ ids: [String], known: Set<String>, noun: String) {
        let unknown = ids.filter { !known.contains($0) }
        if !unknown.isEmpty {
            errors.append(FieldError(name, "No \(noun) has the id \(unknown.prefix(5).joined(separator: ", "))"))
        }
    }

    /// A whole number within `bounds`; nil with no error when absent, nil with an error when blank or not such a number.
    public mutating func number(_ name: String, _ bounds: ClosedRange<Int>) -> Int? {
        guard let value = parameters[name] else { return nil }
        guard let number = Bounds.parse(value, bounds) else {
            errors.append(FieldError(name, "\(name) must be a whole number \(Bounds.words(bounds))"))
            return nil
        }
        return number
    }

    /// Throws every error collected.
    public func finish() throws(StatlasError) {
        guard errors.isEmpty else { throw StatlasError.invalid(errors) }
    }
}

import Foundation

/// One problem with one field of a submitted record, phrased for the person who submitted it.
public struct FieldError: Error, Codable, Sendable, Equatable, Hashable {
    /// The field's name as it appears in JSON (e.g. `power`, `participants[1].role`).
    public var field: String
    /// What is wrong and how to fix it.
    public var message: String
    /// The records to choose from, when the field names no single record (`References`).
    public var candidates: [Candidate]?

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Collects field errors while a record is checked, so every problem is reported at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// Records `message` for `field` when `condition` is false.
    public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
        if !condition { errors.append(FieldError(field, message)) }
    }

    /// Requires a non-blank string.
    public mutating func required(_ value: String?, _ field: String, _ message: String) {
        check(!(value ?? "").trimmedWhitespace().isEmpty, field, message)
    }

    /// Limits the length of a string.
    public mutating func maxLength(_ value: String?, _ field: String, _ limit: Int) {
        if let value, value.count > limit {
            errors.append(FieldError(field, "\(field) must be \(limit) characters or fewer"))
        }
    }

    /// Requires `end` not to be before `start` when both are given.
    public mutating func dateOrder(_ start: CalendarDate?, _ end: CalendarDate?, _ field: String) {
        if let start, let end, end < start {
            errors.append(FieldError(field, "End date must be the same as or after the start date"))
        }
    }

    /// Requires an optional URL to be an absolute `http:` or `https:` address.
    public mutating func webAddress(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        check(SafeURL.isWebAddress(value), field, "Enter a web address starting with https:// or http://")
    }

    /// Requires an optional email address to look like one.
    public mutating func email(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        check(
            EmailAddress.isPlausible(value), field,
            "Enter an email address in the correct format, like name@example.org")
    }

    /// Rejects repeated values in a list.
    public mutating func unique(_ values: [String], _ field: String) {
        check(Set(values).count == values.count, field, "\(field) lists the same item more than once")
    }

    /// Adds errors found elsewhere.
    public mutating func append(_ more: [FieldError]) { errors.append(contentsOf: more) }
}

/// Checks for web addresses that are safe to link to.
public enum SafeURL {
    /// True for absolute `http:`/`https:` URLs with a host.
    public static func isWebAddress(_ value: String) -> Bool {
        guard let url = URL(string: value), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty
        else { return false }
        return !value.contains(where: { $0.isWhitespace })
    }
}

/// Plausibility check for email addresses (one `@`, a dotted domain, no spaces).
public enum EmailAddress {
    public static func isPlausible(_ value: String) -> Bool {
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), value.count <= 254
        else { return false }
        return !value.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" })
    }
}

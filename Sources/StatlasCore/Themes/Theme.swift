import Foundation

/// An engagement theme from the statistical system's managed vocabulary (e.g. Labour Market).
public struct Theme: Record {
    public static let kind = EntityKind.theme
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var name = ""
    public var description: String?

    public init() {}
    public static var blank: Theme { Theme() }
    public static let filters: [FilterDefinition] = []

    public var title: String { name }
    public var searchText: String { description ?? "" }
    public var links: [Link] { [] }

    /// Themes get a readable slug from their name, e.g. `labour-market`.
    public func generatedId() -> String { Slug.make(name) }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(name, "name", "Enter the theme's name")
        v.maxLength(name, "name", 200)
        v.maxLength(description, "description", 10_000)
        return v.errors
    }
}

/// Turns names into URL-safe ids.
public enum Slug {
    /// Lower-case ASCII letters and digits joined by single dashes, at most 80 characters.
    public static func make(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var out = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                out.unicodeScalars.append(scalar)
            } else if !out.isEmpty && !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        let slug = String(out.prefix(80))
        return slug.isEmpty ? UUID().uuidString.lowercased() : slug
    }
}

extension Theme {
    /// A fully populated theme, for the OpenAPI document and tests.
    public static var example: Theme {
        var t = Theme()
        (t.id, t.name, t.description) = ("labour-market", "Labour Market", "Employment, earnings and skills")
        return t
    }
}

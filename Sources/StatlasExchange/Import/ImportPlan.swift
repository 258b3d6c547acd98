import Foundation
import StatlasCore

/// What a source file says to write, before anything is written.
public struct ImportPlan: Sendable {
    public var rows: [ImportRow] = []
    public var warnings: [String] = []

    public init(rows: [ImportRow] = [], warnings: [String] = []) {
        self.rows = rows
        self.warnings = warnings
    }

    mutating func add(_ row: ImportRow) { rows.append(row) }
}

/// Helpers that turn source values into the JSON fields of an import row.
enum Field {
    static func text(_ value: String?) -> JSONValue? {
        guard let value = value?.trimmedWhitespace(), !value.isEmpty else { return nil }
        return .string(value)
    }

    static func list(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// The date part of an ISO 8601 date or timestamp (`2023-05-04T13:52:01Z` → `2023-05-04`).
    static func day(_ value: String?) -> String? {
        guard let value, value.count >= 10, CalendarDate(String(value.prefix(10))) != nil else { return nil }
        return String(value.prefix(10))
    }

    /// An http(s) address, repairing the doubled scheme some catalogues hold (`http://https://…`).
    static func webAddress(_ value: String?) -> String? {
        guard var text = value?.trimmedWhitespace(newlines: false), !text.isEmpty else { return nil }
        for doubled in ["http://https://", "https://https://", "http://http://", "https://http://"]
        where text.hasPrefix(doubled) {
            text = String(text.dropFirst(doubled.split(separator: ":").first!.count + 3))
        }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else { return nil }
        return text
    }
}

/// Names and ids already in the register, so that imported producers and themes link to real records
/// (and new ones are created once, with a warning saying so).
final class RegisterIndex: @unchecked Sendable {
    private var organisationByName: [String: String] = [:]
    private var organisationIds: Set<String> = []
    private var themeIds: Set<String> = []
    private var themeByName: [String: String] = [:]
    /// Records the import must create for names it could not find.
    private(set) var created: [ImportRow] = []
    private(set) var warnings: [String] = []

    /// Reads every organisation and theme (in pages) from the register.
    static func load(_ repository: any RecordRepository) async throws -> RegisterIndex {
        let index = RegisterIndex()
        for o in try await repository.all(Organisation.self) {
            index.remember(o.id, names: [o.name, o.shortName].compactMap { $0 })
        }
        for theme in try await repository.all(Theme.self) {
            index.themeIds.insert(theme.id)
            index.themeByName[normalise(theme.name)] = theme.id
        }
        return index
    }

    private func remember(_ id: String, names: [String]) {
        organisationIds.insert(id)
        for name in names where organisationByName[Self.normalise(name)] == nil {
            organisationByName[Self.normalise(name)] = id
        }
    }

    /// `The Scottish Government` and `Scottish Government` are the same; so are `DESNZ (Great Britain)` and `DESNZ`.
    static func normalise(_ name: String) -> String {
        // On Unicode scalars: an `&` or `(` followed by a combining mark is still one.
        var text = name.lowercased()
        if let paren = text.unicodeScalars.firstIndex(of: "("), text.unicodeScalars.last == ")" {
            text = String(text.unicodeScalars[..<paren])
        }
        var spaced = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if scalar == "&" {
                spaced.append(contentsOf: " and ".unicodeScalars)
            } else if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark {
                spaced.append(scalar)
            } else {
                spaced.append(" ")
            }
        }
        var words = String(spaced).split(separator: " ").map(String.init)
        if words.first == "the" { words.removeFirst() }
        return words.joined(separator: " ")
    }

    /// The id of the organisation with this name (or abbreviation), creating it when there is none.
    func organisation(named name: String, at location: String, kind: OrganisationKind = .publicBody) -> String {
        let key = Self.normalise(name)
        if let id = organisationByName[key] { return id }
        let id = Slug.make(name)
        if !organisationIds.contains(id) {
            created.append(
                ImportRow(
                    .organisation, id: id,
                    fields: [
                        "name": .string(name), "kind": .string(kind.rawValue),
                        "nations": .array(Self.nations(named: name).map { .string($0.rawValue) }),
                    ],
                    location: "organisation \(id) (named at \(location))"))
            warnings.append(
                "Created organisation \(id) for “\(name)” (\(location)): no organisation in the register has that name")
        }
        remember(id, names: [name])
        return id
    }

    /// The nation a body's name places it in ("Northern Ireland Department of Finance", "Scottish Government",
    /// "Welsh Revenue Authority"), so that a body created from a name alone is not taken to serve the whole UK;
    /// none when the name says nothing of one.
    static func nations(named name: String) -> [Nation] {
        let words = Set(name.split { !$0.isLetter }.map { $0.lowercased() })
        if name.localizedCaseInsensitiveContains("northern ireland") { return [.northernIreland] }
        if !words.isDisjoint(with: ["scotland", "scottish"]) { return [.scotland] }
        if !words.isDisjoint(with: ["wales", "welsh", "cymru"]) { return [.wales] }
        return []  // "England" is left out: the Bank of England serves the whole UK
    }

    /// The id of the organisation with this GOV.UK slug, creating a placeholder named from the slug if needed.
    func organisation(slug: String, at location: String) -> String {
        if !organisationIds.contains(slug) {
            let name = slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
                separator: " ")
            created.append(
                ImportRow(
                    .organisation, id: slug,
                    fields: ["name": .string(name), "kind": .string(OrganisationKind.publicBody.rawValue)],
                    location: "organisation \(slug) (named at \(location))"))
            warnings.append(
                "Created organisation \(slug) (\(location)): import the GOV.UK organisations file first to get its full details"
            )
            remember(slug, names: [name])
        }
        return slug
    }

    /// The id of the theme with this id or name (case and punctuation aside), or nil.
    func themeId(named name: String) -> String? {
        if themeIds.contains(name) { return name }
        return themeByName[Self.normalise(name)] ?? (themeIds.contains(Slug.make(name)) ? Slug.make(name) : nil)
    }

    /// The id of a theme from the codebook, creating it when the register does not have it yet.
    func theme(_ theme: ThemeMap.Theme, at location: String) -> String {
        if !themeIds.contains(theme.id) {
            themeIds.insert(theme.id)
            created.append(
                ImportRow(
                    .theme, id: theme.id, fields: ["name": .string(theme.name)],
                    location: "theme \(theme.id) (named at \(location))"))
        }
        return theme.id
    }
}

/// The engagement themes that catalogue topics map to.
enum ThemeMap {
    struct Theme: Sendable {
        let id: String
        let name: String
    }

    static let nationalAccounts = Theme(id: "national-accounts", name: "National Accounts")
    static let health = Theme(id: "health-and-social-care", name: "Health and Social Care")
    static let education = Theme(id: "children-and-education", name: "Children and Education")
    static let environment = Theme(id: "environment-climate-and-nature", name: "Environment, Climate and Nature")
    static let labour = Theme(id: "labour-market", name: "Labour Market")
    static let housing = Theme(id: "housing", name: "Housing")
    static let population = Theme(id: "population-and-migration", name: "Population and Migration")
    static let prices = Theme(id: "prices-and-cost-of-living", name: "Prices and Cost of Living")
    static let wellbeing = Theme(id: "wellbeing", name: "Wellbeing")
    static let local = Theme(id: "local-and-regional", name: "Local and Regional Statistics")
    static let transport = Theme(id: "transport", name: "Transport")
    static let crime = Theme(id: "crime-and-justice", name: "Crime and Justice")

    /// Topic words (ONS, ELS, statistics.gov.scot and data.gov.uk vocabularies) → theme; the first match wins.
    static let rules: [(words: [String], theme: Theme)] = [
        (["wellbeing", "well-being"], wellbeing),
        (["employment", "labour", "pay and income", "peopleinwork", "earnings", "economic activity"], labour),
        (["housing", "dwelling"], housing),
        (["population", "migration", "census", "demograph"], population),
        (["education", "skills", "school", "children", "childcare", "early-years"], education),
        (["health", "care", "disease", "mortality", "obesity"], health),
        (["environment", "energy", "climate", "emission", "nature"], environment),
        (["crime", "justice", "police"], crime),
        (["digital", "broadband", "culture", "heritage", "amenities"], local),
        (["transport", "travel", "connectivity"], transport),
        (["prices", "inflation", "cost of living"], prices),
        (
            [
                "economy", "business", "trade", "gdp", "productivity", "economicoutput", "internationaltrade",
                "government",
            ], nationalAccounts
        ),
        (["deprivation", "geography", "community", "local", "access to services"], local),
    ]

    /// The theme for a topic, or nil when no rule matches.
    static func theme(for topic: String) -> Theme? {
        let text = topic.lowercased()
        return rules.first { rule in rule.words.contains { text.contains($0) } }?.theme
    }
}

import Foundation

/// The status of a statistical output under the Code of Practice.
public enum Designation: String, Vocabulary {
    case accreditedOfficialStatistics = "accredited-official-statistics"
    case officialStatistics = "official-statistics"
    case officialStatisticsInDevelopment = "official-statistics-in-development"
    case managementInformation = "management-information"
    case researchOrOther = "research-or-other"
}

/// How often a dataset is published.
public enum Frequency: String, Vocabulary {
    case weekly, monthly, quarterly
    case annual
    case biennial
    case adHoc = "ad-hoc"
    case oneOff = "one-off"
    case other
}

/// How comparable two datasets in different nations are.
public enum Comparability: String, Vocabulary {
    case fully = "fully-comparable"
    case partially = "partially-comparable"
    case not = "not-comparable"
}

/// A dataset's spatial coverage in one nation.
public struct NationCoverage: Codable, Sendable, Hashable {
    public var nation: Nation
    public var covered: Bool
    /// The finest geographic level published there; nil when not covered.
    public var finestLevel: GeographicLevel?
    public var areaCount: Int

    public init(nation: Nation, covered: Bool = false, finestLevel: GeographicLevel? = nil, areaCount: Int = 0) {
        self.nation = nation
        self.covered = covered
        self.finestLevel = finestLevel
        self.areaCount = areaCount
    }
}

/// A link to the same statistical concept published for another nation or by another body.
public struct Equivalent: Codable, Sendable, Hashable {
    public var datasetId: String
    public var comparability: Comparability
    public var note: String?

    public init(datasetId: String, comparability: Comparability, note: String? = nil) {
        self.datasetId = datasetId
        self.comparability = comparability
        self.note = note
    }
}

/// An organisation's use of a dataset.
public struct DatasetUse: Codable, Sendable, Hashable {
    public var organisationId: String
    public var purpose: String?

    public init(organisationId: String, purpose: String? = nil) {
        self.organisationId = organisationId
        self.purpose = purpose
    }
}

/// A statistical output or indicator, who produces it, and where it is available.
public struct Dataset: Record {
    public static let kind = EntityKind.dataset
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var title = ""
    public var summary: String?
    public var producerIds: [String] = []
    public var publisherId: String?
    public var themeIds: [String] = []
    public var keywords: [String] = []
    public var designation: Designation?
    public var frequency: Frequency?
    /// The first period covered, as an ISO 8601 year, month or day (`2011`, `2021-04`).
    public var temporalStart: String?
    /// The last period covered, in the same form.
    public var temporalEnd: String?
    public var nextRelease: CalendarDate?
    public var url: String?
    public var contactPersonId: String?
    public var contactEmail: String?
    public var licence: String?
    /// One entry per nation, always all four, in nation order.
    public var coverage: [NationCoverage] = []
    public var comparabilityNote: String?
    public var equivalents: [Equivalent] = []
    /// Datasets an editor has dismissed as suggested equivalents (`EquivalentSuggestions`): no longer
    /// suggested, from either side. Links like every reference, so a dismissed dataset is not deleted unnoticed.
    public var notEquivalentIds: [String] = []
    public var uses: [DatasetUse] = []

    public init() {}
    public static var blank: Dataset { Dataset() }

    public var searchText: String { ([summary ?? ""] + keywords).joined(separator: " ") }

    public var links: [Link] {
        var result = producerIds.enumerated().map { Link("producer", .organisation, $1, field: "producerIds[\($0)]") }
        result += themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
        result += equivalents.enumerated().map {
            Link("equivalent", .dataset, $1.datasetId, field: "equivalents[\($0)].datasetId")
        }
        result += notEquivalentIds.enumerated().map {
            Link("not-equivalent", .dataset, $1, field: "notEquivalentIds[\($0)]")
        }
        result += uses.enumerated().map {
            Link("user", .organisation, $1.organisationId, field: "uses[\($0)].organisationId")
        }
        if let publisherId { result.append(Link("publisher", .organisation, publisherId, field: "publisherId")) }
        if let contactPersonId { result.append(Link("contact", .person, contactPersonId, field: "contactPersonId")) }
        return result
    }

    /// Keywords, designation, and the finest level in each nation covered ("wales:local-authority"): a filter on
    /// a nation or a level alone reads these too (`facetPrefix`, `facetAny`).
    public var facets: [Facet] {
        var result = keywords.map { Facet("keyword", $0.lowercased()) }
        // The title without its place, for finding likely equivalents (`EquivalentSuggestions`).
        let stem = EquivalentSuggestions.stem(title)
        if !stem.isEmpty { result.append(Facet("stem", stem)) }
        if let designation { result.append(Facet("designation", designation.rawValue)) }
        for entry in coverage where entry.covered {
            if let level = entry.finestLevel {
                result.append(Facet("coverage", "\(entry.nation.rawValue):\(level.rawValue)"))
            }
        }
        return Array(Set(result)).sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    /// The facets, and the nations covered and their finest levels.
    public var tags: [Facet] {
        var result = facets.filter { $0.name != "coverage" && $0.name != "stem" }
        for entry in coverage where entry.covered {
            result.append(Facet("nation", entry.nation.rawValue))
            if let level = entry.finestLevel { result.append(Facet("level", level.rawValue)) }
        }
        return Array(Set(result)).sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    /// The `coverage` facet values each level stands for (one per nation).
    static let coverageByLevel = Dictionary(
        uniqueKeysWithValues: GeographicLevel.allCases.map { level in
            (level.rawValue, Nation.allCases.map { "\($0.rawValue):\(level.rawValue)" })
        })

    public static let listedLinks = [ListedLink("producer", "Produced by")]

    public static let filters: [FilterDefinition] = [
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Datasets on the theme with this id"),
        FilterDefinition(
            "producer", .link(.organisation, ["producer"]),
            summary: "Datasets produced by the organisation with this id"),
        FilterDefinition(
            "publisher", .link(.organisation, ["publisher"]),
            summary: "Datasets published by the organisation with this id"),
        FilterDefinition(
            "user", .link(.organisation, ["user"]), summary: "Datasets used by the organisation with this id"),
        FilterDefinition(
            "nation", .facetPrefix("coverage", separator: ":"), values: Nation.self,
            summary: "Datasets covering this nation"),
        FilterDefinition(
            "level", .facetAny("coverage", coverageByLevel), values: GeographicLevel.self,
            summary: "Datasets whose finest level is this level (in the given nation, when `nation` is also set)"),
        .vocabulary("designation", Designation.self, summary: "Datasets with this designation"),
        FilterDefinition("keyword", .facet("keyword"), summary: "Datasets with this keyword"),
        FilterDefinition(
            "coverage", .facet("coverage"),
            summary:
                "Datasets whose finest level in a nation is as given, written nation:level (e.g. wales:local-authority)"
        ),
    ]

    /// `nation` and `level` together mean the finest level in that nation.
    public static func combineFilters(_ filters: inout [String: String]) {
        if let nation = filters["nation"], let level = filters["level"] {
            filters["level"] = nil
            filters["coverage"] = "\(nation):\(level)"
        }
    }

    public mutating func prepare(previous: Dataset?, today: CalendarDate) {
        coverage = Nation.allCases.map { nation in
            coverage.first { $0.nation == nation } ?? NationCoverage(nation: nation)
        }
        keywords = keywords.map { $0.trimmedWhitespace(newlines: false) }.filter { !$0.isEmpty }
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the dataset's title")
        v.maxLength(title, "title", 500)
        v.maxLength(summary, "summary", 20_000)
        v.webAddress(url, "url")
        v.email(contactEmail, "contactEmail")
        v.unique(producerIds, "producerIds")
        v.unique(themeIds, "themeIds")
        v.unique(equivalents.map(\.datasetId), "equivalents")
        v.unique(notEquivalentIds, "notEquivalentIds")
        v.check(
            Set(notEquivalentIds).isDisjoint(with: equivalents.map(\.datasetId)), "notEquivalentIds",
            "A dataset cannot be both equivalent and not equivalent to another")
        v.check(!equivalents.contains { $0.datasetId == id }, "equivalents", "A dataset cannot be equivalent to itself")
        for (name, value) in [("temporalStart", temporalStart), ("temporalEnd", temporalEnd)] {
            if let value {
                v.check(
                    Period.isValid(value), name,
                    "\(name) must be a year, month or day, like 2021, 2021-04 or 2021-04-01")
            }
        }
        if let s = temporalStart, let e = temporalEnd, Period.isValid(s), Period.isValid(e) {
            v.check(
                s <= e || e.hasPrefix(s), "temporalEnd", "The end of the period covered must not be before its start")
        }
        v.check(
            Set(coverage.map(\.nation)).count == coverage.count, "coverage", "coverage lists a nation more than once")
        for (i, entry) in coverage.enumerated() {
            if entry.covered {
                v.check(
                    entry.finestLevel != nil, "coverage[\(i)].finestLevel",
                    "Select the finest level published for \(entry.nation.label)")
            } else {
                v.check(
                    entry.finestLevel == nil && entry.areaCount == 0, "coverage[\(i)]",
                    "A nation that is not covered has no finest level and no areas")
            }
        }
        return v.errors
    }
}

/// ISO 8601 reduced-precision periods: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
public enum Period {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 3, let year = CalendarDate.digits(parts[0], 4), Bounds.year.contains(year) else {
            return false
        }
        if parts.count == 3 { return CalendarDate(text) != nil }
        if parts.count == 2 { return (1...12).contains(CalendarDate.digits(parts[1], 2) ?? 0) }
        return true
    }
}

extension Dataset {
    /// A fully populated dataset, for the OpenAPI document and tests.
    public static var example: Dataset {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var d = Dataset()
        (d.id, d.title, d.summary, d.producerIds, d.publisherId) = (
            "population-count", "Population count", "Mid-year estimates", ["office-for-national-statistics"],
            "office-for-national-statistics"
        )
        (d.themeIds, d.keywords, d.designation, d.frequency) = (
            ["population-and-migration"], ["population"], .accreditedOfficialStatistics, .annual
        )
        (d.temporalStart, d.temporalEnd, d.nextRelease, d.url) = ("2011", "2023", day, "https://www.ons.gov.uk")
        (d.contactPersonId, d.contactEmail, d.licence, d.comparabilityNote) = (
            "p1", "pop.info@example.org", "OGL-UK-3.0", "Comparable across the UK"
        )
        d.coverage = [NationCoverage(nation: .england, covered: true, finestLevel: .localAuthority, areaCount: 296)]
        d.equivalents = [Equivalent(datasetId: "nrs-population", comparability: .fully, note: "Same definitions")]
        d.uses = [DatasetUse(organisationId: "cardiff-council", purpose: "Service planning")]
        return d
    }
}

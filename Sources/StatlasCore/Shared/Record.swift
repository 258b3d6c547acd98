import Foundation

/// A kind of record the register holds, declared by its type (`Record.kind`); the raw value is the API collection name.
public struct EntityKind: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The collection name used in URLs, the API and as the stem of the record's tables (`organisations`).
    public let rawValue: String
    /// A singular noun for messages ("No organisation has the id …").
    public let noun: String
    /// The singular stem used in the names of link tables that point at this kind (`organisation` in
    /// `datasets_organisation_links`); separate from `noun`, so rewording a message never renames a table.
    public let stem: String

    /// A kind of record: its collection (lower case, plural, `-` between words), its noun and its table stem
    /// (the noun with `_` for spaces unless given).
    public init(_ collection: String, noun: String, stem: String? = nil) {
        self.rawValue = collection
        self.noun = noun
        self.stem = stem ?? noun.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// The standard kind with this collection name, or nil.
    public init?(rawValue: String) {
        guard let kind = RecordKinds.standard.kind(named: rawValue) else { return nil }
        self = kind
    }

    public static let organisation = EntityKind("organisations", noun: "organisation")
    public static let person = EntityKind("people", noun: "person")
    public static let theme = EntityKind("themes", noun: "theme")
    public static let area = EntityKind("areas", noun: "area")
    public static let dataset = EntityKind("datasets", noun: "dataset")
    public static let collaboration = EntityKind("collaborations", noun: "collaboration")
    public static let activity = EntityKind("activities", noun: "activity")
    public static let relationship = EntityKind(
        "relationships", noun: "stakeholder relationship", stem: "stakeholder_relationship")
    public static let factor = EntityKind("factors", noun: "factor")
    public static let resource = EntityKind("resources", noun: "resource")
    public static let researchQuestion = EntityKind(
        "research-questions", noun: "research question", stem: "research_question")

    /// The standard kinds, in collection order (`RecordKinds.standard`).
    public static var allCases: [EntityKind] { RecordKinds.standard.all }

    /// The collection name used in URLs and the API.
    public var collection: String { rawValue }
    /// The name of the kind's table (and the stem of its facet table): the collection with `_` for `-`.
    public var table: String {
        rawValue.utf8.contains(UInt8(ascii: "-")) ? rawValue.replacingOccurrences(of: "-", with: "_") : rawValue
    }
    public var description: String { rawValue }

    public static func == (a: EntityKind, b: EntityKind) -> Bool { a.rawValue == b.rawValue }
    public static func < (a: EntityKind, b: EntityKind) -> Bool { a.rawValue < b.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    /// A kind read back from storage or a file: the standard one with this name, or one named by it alone (a
    /// kind registered by an extension, whose noun is not known here).
    public init(stored collection: String) {
        self = RecordKinds.standard.kind(named: collection) ?? EntityKind(collection, noun: collection)
    }

    public init(from decoder: any Decoder) throws {
        self.init(stored: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A reference from one record to another, declared by the record so that storage can enforce it.
public struct Link: Sendable, Hashable {
    /// What the reference means ("producer", "theme", "parent"…); also the filter name.
    public var relation: String
    /// The kind of record referred to.
    public var target: EntityKind
    /// The referred record's id.
    public var id: String
    /// The JSON field that holds the reference, for error messages.
    public var field: String

    public init(_ relation: String, _ target: EntityKind, _ id: String, field: String) {
        self.relation = relation
        self.target = target
        self.id = id
        self.field = field
    }
}

/// A plain filterable value of a record (kind, nation, audience…).
public struct Facet: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What every record in the register shares: identity, version, timestamps, owner, demo marker,
/// validation and the declarations that the generic storage, search and filters work from.
///
/// Entity types hold only what differs; listing, filtering, sorting, versioning and search are
/// implemented once over this protocol.
public protocol Record: Codable, Sendable, Equatable {
    /// The kind: its collection, noun and table stem. Everything else about a kind is derived from the type
    /// (`RecordKinds`): tables, link targets (from `.reference` fields), routes, pages, search, import, export.
    static var kind: EntityKind { get }
    /// A fully populated record, with every field present, for the OpenAPI document and tests.
    static var example: Self { get }
    /// Fields that must be present in a submitted JSON body (enums without a sensible default).
    static var requiredFields: [String] { get }
    /// A record with every optional field empty; submitted JSON is laid over it.
    static var blank: Self { get }
    /// The filters this collection accepts besides `q`: name → how it applies.
    static var filters: [FilterDefinition] { get }
    /// The fields people see and edit, in display order (id, owner and bookkeeping fields excluded).
    static var fields: [FieldSpec] { get }

    var id: String { get set }
    var version: Int { get set }
    var createdAt: Date? { get set }
    var updatedAt: Date? { get set }
    /// The organisation whose members may edit this record.
    var ownerId: String? { get set }
    /// True for records loaded by `--demo`.
    var demo: Bool { get set }

    /// The record's display title (name or title).
    var title: String { get }
    /// The text indexed for full-text search, besides the title.
    var searchText: String { get }
    /// A start date used by date filters and sorting, where the entity has one.
    var startDate: CalendarDate? { get }
    /// An end date used by date filters, where the entity has one.
    var endDate: CalendarDate? { get }
    /// References to other records.
    var links: [Link] { get }
    /// Plain filterable values, as stored beside the record.
    var facets: [Facet] { get }
    /// Other names a person may type for the record (a short name or abbreviation), besides its title: stored as
    /// `alias` facets, folded as `References.fold` folds them, so that a filter or form field finds it by them.
    var aliases: [String] { get }
    /// The plain values a list shows as the record's tags (its facets, unless a kind shows values it filters on
    /// without storing them, as a dataset's nations and levels, which its coverage facets hold).
    var tags: [Facet] { get }

    /// The field-level problems with this record (empty when valid).
    func validate() -> [FieldError]
    /// Derives computed fields before saving; `previous` is the stored record on update.
    mutating func prepare(previous: Self?, today: CalendarDate)
    /// A new id for a record submitted without one.
    func generatedId() -> String
    /// The id a record created in a form or through the API without one is given, before any suffix that makes
    /// it unique: its title as a slug ("office-for-national-statistics"), or a natural id where the kind has
    /// one (an area's code).
    func readableId() -> String
    /// The record as shown to someone who is not signed in (personal data removed where not public).
    func publicView() -> Self
    /// True when `publicView` may leave something out (so a public answer must decode the record).
    static var hasPrivateFields: Bool { get }
    /// The organisation whose editors may change this record (the owner, by default).
    var effectiveOwner: String? { get }
    /// True when `self` differs from `previous` only by entries that an editor of `organisations` may
    /// add for themselves to another organisation's record (participants, organisers); false by default.
    func isSelfService(from previous: Self, organisations: Set<String>) -> Bool
    /// True when editors of other organisations may add themselves to records of this kind.
    static var allowsSelfService: Bool { get }
    /// The organisations this record says act (producers, organisers…), checked against the editor's own
    /// (`Access.claimErrors`); none by default.
    var claims: [Claim] { get }
    /// True for the shared reference vocabularies (areas, themes, factors), which only administrators change.
    static var isReferenceVocabulary: Bool { get }
    /// Rewrites filters that mean something together (e.g. a dataset's nation and level).
    static func combineFilters(_ filters: inout [String: String])
    /// Words a page shows beside the record's title (an organisation's "Closed"); none by default.
    var badges: [String] { get }
    /// True for a kind whose title names other records (a relationship's "Office for National Statistics →
    /// Manchester City Council"): its stored title is made with their names (`title(names:)`).
    static var titledByLinks: Bool { get }
    /// The title with the records it refers to named (`names`: titles by kind and id); `title` by default.
    func title(names: [EntityKind: [String: String]]) -> String
    /// The links whose records a list names under each result, with the words before them ("Organised by"
    /// and the organisers' names); none by default.
    static var listedLinks: [ListedLink] { get }
}

/// Links a list names under each result (`Record.listedLinks`): their relation, and the words before them.
public struct ListedLink: Sendable {
    public var relation: String
    public var label: String

    public init(_ relation: String, _ label: String) {
        (self.relation, self.label) = (relation, label)
    }
}

extension Record {
    public var startDate: CalendarDate? { nil }
    public var endDate: CalendarDate? { nil }
    public var facets: [Facet] { [] }
    public var tags: [Facet] { facets }
    public var aliases: [String] { [] }
    /// The facets stored beside the record: its own and one `alias` facet per alias.
    public var storedFacets: Set<Facet> {
        Set(facets + aliases.map { Facet("alias", References.fold($0)) }.filter { !$0.value.isEmpty })
    }
    public static var requiredFields: [String] { [] }
    public static func combineFilters(_ filters: inout [String: String]) {}
    public static var listedLinks: [ListedLink] { [] }
    public static var titledByLinks: Bool { false }
    public var badges: [String] { [] }
    public func title(names: [EntityKind: [String: String]]) -> String { title }
    public func publicView() -> Self { self }
    public static var hasPrivateFields: Bool { false }
    public mutating func prepare(previous: Self?, today: CalendarDate) {}
    public func generatedId() -> String { UUID().uuidString.lowercased() }
    public func readableId() -> String { Slug.make(title) }

    /// All the links plus the owner link, as stored.
    public var allLinks: [Link] {
        var result = links
        if let ownerId, !ownerId.isEmpty { result.append(Link("owner", .organisation, ownerId, field: "ownerId")) }
        return result
    }

    /// Validation plus the rules every record shares (id shape, references not blank).
    public func validateAll() -> [FieldError] {
        validateAll(object: RecordCodec.object(self))
    }

    /// As `validateAll()`, with the record's fields as `RecordCodec.object` gives them, for a caller that has
    /// encoded the record already (an import encodes each record once, for this and for its stored body).
    public func validateAll(object: [String: JSONValue]?) -> [FieldError] {
        var v = Validator()
        v.check(RecordID.isValid(id), "id", "id must be 1 to 100 characters: letters, digits, '-', '_' or '.'")
        if let object { v.append(ControlCharacters.errors(in: .object(object), path: "")) }
        for link in allLinks where link.id.isEmpty {
            v.append([FieldError(link.field, "\(link.field) must not be empty")])
        }
        v.append(fieldErrors(object: object))
        return v.errors
    }

    /// The record's own rules (`validate`) with the bounds its number fields declare (STANDARDS.md R12).
    public func fieldErrors() -> [FieldError] { fieldErrors(object: RecordCodec.object(self)) }

    /// As `fieldErrors()`, with the record's fields already at hand.
    func fieldErrors(object: [String: JSONValue]?) -> [FieldError] {
        (object.map { FieldSpec.boundErrors($0, fields: Self.fields) } ?? []) + validate()
    }
}

/// The shape of record ids: slugs, codes or UUIDs.
public enum RecordID {
    public static func isValid(_ id: String) -> Bool {
        guard (1...100).contains(id.count) else { return false }
        return id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
                || "-_.".unicodeScalars.contains($0)
        }
    }
}

/// How a query parameter filters a collection.
public struct FilterDefinition: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Records with a link of this relation to the given id (several relations allowed).
        case link(EntityKind, [String])
        /// Records with this facet value.
        case facet(String)
        /// Records with any of the values of a facet that each filter value stands for (a dataset's `nation=wales`
        /// is any `coverage` value `wales:…`), so that a value derived from another need not be stored again.
        case facetAny(String, [String: [String]])
        /// Records with a value of a facet that begins with the filter value and this separator (a dataset's
        /// `nation=wales` is a `coverage` value `wales:…`): one look at each record's values of the facet.
        case facetPrefix(String, separator: String)
        /// Records whose date range reaches on or after the given day.
        case from
        /// Records whose start is on or before the given day.
        case to
    }

    public var name: String
    public var source: Source
    /// Allowed values, when the filter takes a value from a vocabulary.
    public var allowed: [String]?
    /// How each allowed value is shown to a person (its vocabulary's label), by value.
    public var labels: [String: String]?
    public var summary: String

    public init(_ name: String, _ source: Source, allowed: [String]? = nil, summary: String) {
        self.name = name
        self.source = source
        self.allowed = allowed
        self.summary = summary
    }

    /// A filter whose values are those of a vocabulary, shown by their labels.
    public init<V: Vocabulary>(_ name: String, _ source: Source, values: V.Type, summary: String) {
        self.init(name, source, allowed: V.allCases.map(\.rawValue), summary: summary)
        labels = Dictionary(V.allCases.map { ($0.rawValue, $0.label) }, uniquingKeysWith: { a, _ in a })
    }

    /// The kind of record a link filter refers to.
    public var targetKind: EntityKind? {
        if case .link(let kind, _) = source { return kind }
        return nil
    }

    /// A filter on a facet whose values come from an enumeration.
    public static func vocabulary<V: Vocabulary>(_ name: String, _ type: V.Type, summary: String) -> Self {
        FilterDefinition(name, .facet(name), values: V.self, summary: summary)
    }
}

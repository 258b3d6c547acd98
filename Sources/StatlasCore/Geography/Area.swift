import Foundation

/// The offset layouts of hexjson files (https://open-innovations.org/projects/hexmaps/hexjson).
public enum HexLayout: String, Vocabulary {
    case oddR = "odd-r"
    case evenR = "even-r"
    case oddQ = "odd-q"
    case evenQ = "even-q"
}

/// An area's cell on a hex map: column `q` and row `r` in the given offset layout.
public struct HexPosition: Codable, Sendable, Hashable {
    public var q: Int
    public var r: Int
    public var layout: HexLayout

    public init(q: Int, r: Int, layout: HexLayout) {
        self.q = q
        self.r = r
        self.layout = layout
    }
}

/// An official geography: a GSS (or ITL) code with its name, level, nation, parents and history.
///
/// An area's id is its code, so `/api/v1/areas/E06000001` addresses it directly.
public struct Area: Record {
    public static let kind = EntityKind.area
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var code = ""
    public var name = ""
    /// Derived from the code's prefix when not given.
    public var level: GeographicLevel?
    /// Derived from the code when not given; nil for UK-wide areas.
    public var nation: Nation?
    public var parentCodes: [String] = []
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate?
    public var successorCodes: [String] = []
    /// The area's cell on the local authority hex map, when it has one.
    public var hex: HexPosition?

    public init() {}
    public static var blank: Area { Area() }

    public var title: String { name }
    public var searchText: String { code }
    public var startDate: CalendarDate? { validFrom }
    public var endDate: CalendarDate? { validTo }

    public var links: [Link] {
        parentCodes.enumerated().map { Link("parent", .area, $1, field: "parentCodes[\($0)]") }
            + successorCodes.enumerated().map { Link("successor", .area, $1, field: "successorCodes[\($0)]") }
    }

    public var facets: [Facet] {
        [level.map { Facet("level", $0.rawValue) }, nation.map { Facet("nation", $0.rawValue) }].compactMap { $0 }
    }

    public static let filters: [FilterDefinition] = [
        .vocabulary("level", GeographicLevel.self, summary: "Areas at this geographic level"),
        .vocabulary("nation", Nation.self, summary: "Areas in this nation"),
        FilterDefinition("parent", .link(.area, ["parent"]), summary: "Areas whose parent has this code"),
    ]

    public func generatedId() -> String { code }
    public func readableId() -> String { code }

    public mutating func prepare(previous: Area?, today: CalendarDate) {
        code = code.trimmingCharacters(in: .whitespaces).uppercased()
        if id.isEmpty { id = code }
        if level == nil, AreaCode.isValid(code) { level = AreaCode.level(of: code) }
        if nation == nil { nation = AreaCode.nation(of: code) }
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.check(
            AreaCode.isValid(code), "code",
            "Enter a 9-character GSS code with a known entity prefix, like E06000001, or an ITL code, like TLC")
        v.check(id == code, "id", "An area's id must be its code")
        v.required(name, "name", "Enter the area's name")
        v.maxLength(name, "name", 200)
        v.dateOrder(validFrom, validTo, "validTo")
        v.unique(parentCodes, "parentCodes")
        v.check(!parentCodes.contains(code), "parentCodes", "An area cannot be its own parent")
        v.check(!successorCodes.contains(code), "successorCodes", "An area cannot succeed itself")
        return v.errors
    }
}

extension Area {
    /// A fully populated area, for the OpenAPI document and tests.
    public static var example: Area {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var a = Area()
        (a.id, a.code, a.name, a.level, a.nation) = ("E06000001", "E06000001", "Hartlepool", .localAuthority, .england)
        (a.parentCodes, a.validFrom, a.validTo, a.successorCodes) = (["TLC"], day, day.adding(years: 1), ["E06000099"])
        a.hex = HexPosition(q: 8, r: 18, layout: .oddR)
        return a
    }
}

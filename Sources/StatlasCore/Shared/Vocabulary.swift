/// A managed list of values stored by their kebab-case raw value, with a label for people.
public protocol Vocabulary: RawRepresentable, Codable, Sendable, Hashable, CaseIterable where RawValue == String {
    var label: String { get }
}

extension Vocabulary {
    /// The raw value with dashes as spaces and an initial capital, e.g. `local-authority` → "Local authority".
    public var label: String {
        let text = rawValue.replacingOccurrences(of: "-", with: " ")
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The four nations of the UK.
public enum Nation: String, Vocabulary, Comparable {
    case england, wales, scotland
    case northernIreland = "northern-ireland"

    public static func < (a: Nation, b: Nation) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var label: String { self == .northernIreland ? "Northern Ireland" : rawValue.capitalized }

    /// The GSS country code of the nation.
    public var countryCode: String {
        switch self {
        case .england: "E92000001"
        case .wales: "W92000004"
        case .scotland: "S92000003"
        case .northernIreland: "N92000002"
        }
    }
}

/// Geographic levels from coarse to fine; the order matters for "finest level".
public enum GeographicLevel: String, Vocabulary, Comparable {
    case country, itl1, itl2, itl3
    case combinedAuthority = "combined-authority"
    case county
    case localAuthority = "local-authority"
    case msoa, lsoa
    case outputArea = "output-area"
    case other

    /// Rank from coarse (0) to fine; `other` ranks coarsest because it says nothing about detail.
    public var fineness: Int {
        switch self {
        case .other: -1
        default: GeographicLevel.allCases.firstIndex(of: self)!
        }
    }

    public static func < (a: GeographicLevel, b: GeographicLevel) -> Bool { a.fineness < b.fineness }

    public var label: String {
        switch self {
        case .itl1: "ITL1 (region)"
        case .itl2: "ITL2"
        case .itl3: "ITL3"
        case .msoa: "MSOA / intermediate zone"
        case .lsoa: "LSOA / data zone"
        case .localAuthority: "Local authority district"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst().replacingOccurrences(of: "-", with: " ")
        }
    }
}

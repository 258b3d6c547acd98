/// Knowledge of GSS and ITL area codes: which prefixes exist, and the level and nation each implies.
public enum AreaCode {
    /// GSS entity prefixes known to the ONS Code History Database (plus NI data zones N20/N21).
    public static let knownPrefixes: Set<String> = {
        var set = Set<String>()
        let england =
            "00 01 02 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 63 92"
        let wales =
            "00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 42 43 45 92"
        let scotland =
            "00 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 92"
        let northernIreland = "00 06 07 08 09 10 11 12 13 19 20 21 23 24 31 32 33 34 92"
        let other = "J01 J02 J03 J04 J05 K01 K02 K03 K04 K05 K06 K08 L00 M00 L93 M83 M01"
        for (letter, list) in [("E", england), ("W", wales), ("S", scotland), ("N", northernIreland)] {
            for n in list.split(separator: " ") { set.insert(letter + n) }
        }
        for p in other.split(separator: " ") { set.insert(String(p)) }
        return set
    }()

    /// True for a 9-character GSS code with a known entity prefix and six digits after it.
    public static func isGSS(_ code: String) -> Bool {
        guard code.count == 9, knownPrefixes.contains(String(code.prefix(3))) else { return false }
        return code.dropFirst(3).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// True for an ITL code: `TL` then a region letter C–N and up to two more letters or digits.
    public static func isITL(_ code: String) -> Bool {
        guard (3...5).contains(code.count), code.hasPrefix("TL") else { return false }
        let chars = Array(code)
        guard ("C"..."N").contains(String(chars[2])) else { return false }
        return chars.dropFirst(3).allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
    }

    /// True when the code is a GSS or ITL code.
    public static func isValid(_ code: String) -> Bool { isGSS(code) || isITL(code) }

    /// The nation a code belongs to, from its first letter (nil for UK-wide and other codes).
    public static func nation(of code: String) -> Nation? {
        if isITL(code) {
            switch code.dropFirst(2).prefix(1) {
            case "L": return .wales
            case "M": return .scotland
            case "N": return .northernIreland
            default: return .england
            }
        }
        if code.hasPrefix("95") { return .northernIreland }  // pre-GSS NI codes (super output areas)
        switch code.first {
        case "E": return .england
        case "W": return .wales
        case "S": return .scotland
        case "N": return .northernIreland
        default: return nil
        }
    }

    /// The GSS entity prefixes of the areas of a level in a nation (`E06`…`E09` for local authorities in
    /// England), as the ONS application profile writes spatial resolution; none for levels GSS does not code
    /// (ITL2 and ITL3, other).
    public static func entityPrefixes(_ level: GeographicLevel, in nation: Nation) -> [String] {
        let letter = String(nation.countryCode.prefix(1))
        switch (level, nation) {
        case (.country, _): return [letter + "92"]
        case (.itl1, .england): return ["E12"]
        case (.itl1, _): return [letter + "92"]  // Wales, Scotland and Northern Ireland are each one ITL1 region
        case (.combinedAuthority, .england): return ["E47"]
        case (.county, .england): return ["E10", "E11"]
        case (.localAuthority, .england): return ["E06", "E07", "E08", "E09"]
        case (.localAuthority, .wales): return ["W06"]
        case (.localAuthority, .scotland): return ["S12"]
        case (.localAuthority, .northernIreland): return ["N09"]
        case (.msoa, .northernIreland): return ["N21"]
        case (.msoa, _): return [letter + "02"]
        case (.lsoa, .northernIreland): return ["N20"]
        case (.lsoa, _): return [letter + "01"]
        case (.outputArea, _): return [letter + "00"]
        default: return []
        }
    }

    /// The geographic level a code's prefix implies.
    public static func level(of code: String) -> GeographicLevel {
        if isITL(code) {
            switch code.count {
            case 3: return .itl1
            case 4: return .itl2
            default: return .itl3
            }
        }
        switch String(code.prefix(3)) {
        case "E92", "W92", "S92", "N92", "K02", "K03", "K04": return .country
        case "E12": return .itl1
        case "E47": return .combinedAuthority
        case "E10", "E11": return .county
        case "E06", "E07", "E08", "E09", "W06", "S12", "N09": return .localAuthority
        case "E02", "W02", "S02", "N21": return .msoa
        case "E01", "W01", "S01", "N20": return .lsoa
        case "E00", "W00", "S00", "N00": return .outputArea
        default: return code.hasPrefix("95") ? .lsoa : .other  // NI super output areas kept their pre-GSS codes
        }
    }
}

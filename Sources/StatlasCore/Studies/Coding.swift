import Foundation

/// A code of a study's codebook: hierarchical (a parent), optionally mapped to a register factor.
public struct StudyCode: Codable, Sendable, Hashable {
    public var id = ""
    public var name = ""
    public var description: String?
    /// A colour as `#rrggbb`, for highlighting.
    public var colour: String?
    public var parentId: String?
    public var factorId: String?

    public init() {}

    /// The deepest a code may be nested (a code and eleven parents above it).
    public static let deepest = 12

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(name, "name", "Enter the code's name")
        v.maxLength(name, "name", 200)
        v.maxLength(description, "description", 5000)
        if let colour {
            let hex = colour.unicodeScalars.dropFirst().allSatisfy {
                CharacterSet(charactersIn: "0123456789abcdefABCDEF").contains($0)
            }
            v.check(
                colour.hasPrefix("#") && colour.unicodeScalars.count == 7 && hex, "colour",
                "colour must be written #rrggbb")
        }
        return v.errors
    }
}

/// A segment of a document tagged with a code by one coder. `start` and `end` (exclusive) count Unicode scalars
/// of the document's normalised text.
public struct StudyCoding: Codable, Sendable, Hashable {
    public var id = ""
    public var documentId = ""
    public var codeId = ""
    public var coderId = ""
    public var start = 0
    public var end = 0
    public var createdAt: Date?

    public init() {}
}

/// Agreement between two coders on one code in one document, or pooled over several: each Unicode scalar of a
/// document is a unit, coded or not by each coder.
public struct Agreement: Codable, Sendable, Hashable {
    /// Units both coded, only the first coded, only the second coded, neither coded.
    public var both = 0, onlyFirst = 0, onlySecond = 0, neither = 0

    public init(both: Int = 0, onlyFirst: Int = 0, onlySecond: Int = 0, neither: Int = 0) {
        (self.both, self.onlyFirst, self.onlySecond, self.neither) = (both, onlyFirst, onlySecond, neither)
    }

    public var units: Int { both + onlyFirst + onlySecond + neither }

    /// The share of units on which the coders agree.
    public var percentage: Double { units == 0 ? 1 : Double(both + neither) / Double(units) }

    /// Cohen's kappa: (pₒ − pₑ) / (1 − pₑ), pₑ from each coder's own rate. When chance agreement is certain (both
    /// coders gave every unit one value), kappa is 1 if they agree on every unit, as NVivo reports it.
    public var kappa: Double {
        let n = Double(units)
        guard n > 0 else { return 1 }
        let first = Double(both + onlyFirst) / n
        let second = Double(both + onlySecond) / n
        let expected = first * second + (1 - first) * (1 - second)
        guard expected < 1 else { return percentage == 1 ? 1 : 0 }
        return (percentage - expected) / (1 - expected)
    }

    /// Krippendorff's alpha for nominal data, two coders, no missing values: 1 − (n − 1)·(disagreeing pairs) /
    /// (n₀·n₁), over the n = 2·units values. 1 when every value is the same.
    public var alpha: Double {
        let n = Double(2 * units)
        let ones = Double(2 * both + onlyFirst + onlySecond)
        let zeros = Double(2 * neither + onlyFirst + onlySecond)
        guard ones > 0 && zeros > 0 else { return 1 }
        return 1 - (n - 1) * Double(onlyFirst + onlySecond) / (zeros * ones)
    }

    /// The counts of two coders' segments over a text of `length` units (segments may overlap; a unit is coded
    /// when any segment covers it). Works on intervals, not unit by unit.
    public static func of(_ first: [Range<Int>], _ second: [Range<Int>], length: Int) -> Agreement {
        let a = merged(first, length)
        let b = merged(second, length)
        let coveredA = a.reduce(0) { $0 + $1.count }
        let coveredB = b.reduce(0) { $0 + $1.count }
        var overlap = 0
        var (i, j) = (0, 0)
        while i < a.count && j < b.count {
            let low = max(a[i].lowerBound, b[j].lowerBound)
            let high = min(a[i].upperBound, b[j].upperBound)
            if low < high { overlap += high - low }
            if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
        }
        return Agreement(
            both: overlap, onlyFirst: coveredA - overlap, onlySecond: coveredB - overlap,
            neither: max(0, length - coveredA - coveredB + overlap))
    }

    /// The ranges clipped to 0..<length, sorted and merged.
    static func merged(_ ranges: [Range<Int>], _ length: Int) -> [Range<Int>] {
        let clipped = ranges.map { max(0, $0.lowerBound)..<min(length, max($0.upperBound, 0)) }.filter { !$0.isEmpty }
        var result: [Range<Int>] = []
        for range in clipped.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    public static func + (a: Agreement, b: Agreement) -> Agreement {
        Agreement(
            both: a.both + b.both, onlyFirst: a.onlyFirst + b.onlyFirst, onlySecond: a.onlySecond + b.onlySecond,
            neither: a.neither + b.neither)
    }

    /// A plain-English reading of a kappa or alpha (Landis and Koch's bands).
    public static func reading(_ value: Double) -> String {
        switch value {
        case ..<0: "poor (worse than chance)"
        case ..<0.21: "slight"
        case ..<0.41: "fair"
        case ..<0.61: "moderate"
        case ..<0.81: "substantial"
        default: "almost perfect"
        }
    }
}

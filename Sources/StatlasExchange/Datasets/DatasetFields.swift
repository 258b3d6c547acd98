import Foundation
import StatlasCore

/// Pieces shared by the dataset importers.
enum DatasetFields {
    /// The coverage array field for derived coverage.
    static func coverage(_ entries: [NationCoverage]) -> JSONValue {
        .array(
            entries.map { entry in
                var object: [String: JSONValue] = [
                    "nation": .string(entry.nation.rawValue), "covered": .bool(entry.covered),
                    "areaCount": .number(Double(entry.areaCount)),
                ]
                object["finestLevel"] = entry.finestLevel.map { .string($0.rawValue) }
                return .object(object)
            })
    }

    /// A frequency word from a catalogue (`annual`, `quarterly`, `monthly`…), or nil.
    static func frequency(_ text: String?) -> String? {
        guard let text = text?.lowercased() else { return nil }
        let map: [String: Frequency] = [
            "annual": .annual, "annually": .annual, "yearly": .annual, "year": .annual, "quarterly": .quarterly,
            "monthly": .monthly,
            "weekly": .weekly, "biennial": .biennial, "ad hoc": .adHoc, "ad-hoc": .adHoc, "one off": .oneOff,
            "one-off": .oneOff, "never": .oneOff,
        ]
        return map[text]?.rawValue
    }

    /// The first and last day of an ISO 8601 period: `2004-01-01/P1Y` → 2004-01-01 … 2004-12-31; `2024-06-30` → that day.
    static func period(_ text: String) -> (start: String, end: String)? {
        let parts = text.split(separator: "/")
        guard let first = parts.first, let start = CalendarDate(String(first.prefix(10))) else { return nil }
        guard parts.count == 2 else { return (start.description, start.description) }
        let duration = parts[1]
        guard duration.hasPrefix("P"), let n = Bounds.parse(String(duration.dropFirst().dropLast()), 1...10_000) else {
            return (start.description, start.description)
        }
        var components = DateComponents()
        switch duration.last {
        case "Y": components.year = n
        case "M": components.month = n
        case "D": components.day = n
        default: return (start.description, start.description)
        }
        components.day = (components.day ?? 0) - 1
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: start.year, month: start.month, day: start.day)),
            let end = calendar.date(byAdding: components, to: date)
        else { return nil }
        return (start.description, CalendarDate(end).description)
    }
}

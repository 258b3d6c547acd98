import Foundation

/// Dates, months and moments as GOV.UK writes them, the one date style of every page: "1 March 2024",
/// "March 2023" ("Mar 2023" on a chart's axis), "7 December 2026, 2:16pm UTC".
public enum MonthName {
    static let names = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// "2023-03" → "March 2023"; anything else as it is.
    public static func long(_ key: String) -> String {
        parts(key).map { "\(names[$0.month - 1]) \($0.year)" } ?? key
    }

    /// "2023-03" → "Mar 2023" (September is "Sept", as GOV.UK abbreviates it).
    public static func short(_ key: String) -> String {
        parts(key).map { ($0.month == 9 ? "Sept" : String(names[$0.month - 1].prefix(3))) + " \($0.year)" } ?? key
    }

    /// A day: "1 March 2024".
    public static func day(_ date: CalendarDate) -> String {
        "\(date.day) \(names[max(0, min(11, date.month - 1))]) \(date.year)"
    }

    /// A moment in UTC: "7 December 2026, 2:16pm UTC" ("midday" and "midnight" on those hours).
    public static func moment(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        let time: String
        switch (hour, minute) {
        case (0, 0): time = "midnight"
        case (12, 0): time = "midday"
        default:
            let twelve = hour % 12 == 0 ? 12 : hour % 12
            time = "\(twelve):\(minute < 10 ? "0" : "")\(minute)\(hour < 12 ? "am" : "pm")"
        }
        return day(CalendarDate(date)) + ", " + time + " UTC"
    }

    static func parts(_ key: String) -> (year: Int, month: Int)? {
        let pieces = key.split(separator: "-")
        guard pieces.count == 2, let year = Int(pieces[0]), let month = Int(pieces[1]), (1...12).contains(month) else {
            return nil
        }
        return (year, month)
    }
}

import Foundation

/// A day in the calendar (no time, no zone), written `YYYY-MM-DD` in JSON and CSV.
public struct CalendarDate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// True when work running from `start` to `end` overlaps `from`…`to`. A missing bound is open, so
    /// undated work counts as running throughout.
    public static func overlaps(start: CalendarDate?, end: CalendarDate?, from: CalendarDate?, to: CalendarDate?)
        -> Bool
    {
        if let from, let end, end < from { return false }
        if let to, let start, start > to { return false }
        return true
    }

    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (years 1 to 9999), rejecting impossible days such as 2023-02-30.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Self.digits(parts[0], 4), let m = Self.digits(parts[1], 2),
            let d = Self.digits(parts[2], 2),
            Bounds.year.contains(y), (1...12).contains(m), d >= 1, d <= CalendarDate.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The value of exactly `count` ASCII digits, or nil (no sign, no spaces).
    public static func digits(_ text: Substring, _ count: Int) -> Int? {
        guard text.utf8.count == count, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        return Int(text)
    }

    /// The day containing `date` in UTC.
    public init(_ date: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same day `years` later (29 February becomes 28 February in common years).
    /// The day `days` after this one (before, when negative), across months and years.
    public func adding(days: Int) -> CalendarDate {
        var date = self
        var left = days
        while left > 0 {
            let inMonth = Self.daysIn(month: date.month, year: date.year)
            if date.day + left <= inMonth {
                date.day += left
                left = 0
            } else {
                left -= inMonth - date.day + 1
                date.day = 1
                (date.month, date.year) = date.month == 12 ? (1, date.year + 1) : (date.month + 1, date.year)
            }
        }
        while left < 0 {
            if date.day + left >= 1 {
                date.day += left
                left = 0
            } else {
                left += date.day
                (date.month, date.year) = date.month == 1 ? (12, date.year - 1) : (date.month - 1, date.year)
                date.day = Self.daysIn(month: date.month, year: date.year)
            }
        }
        return date
    }

    public func adding(years: Int) -> CalendarDate {
        let y = year + years
        return CalendarDate(year: y, month: month, day: min(day, CalendarDate.daysIn(month: month, year: y)))
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CalendarDate(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "must be a date written YYYY-MM-DD"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

import Foundation

/// Timestamps stored as sortable ISO 8601 text in UTC, to the second ("2026-12-02T04:35:45Z").
///
/// Written and read by hand (with the C library's calendar arithmetic): a formatter made per call cost an
/// import an eighth of its time. Years before 1600 or after 9999 go through Foundation's formatter, which
/// counts days before 1582 in the Julian calendar (as `JSONDecoder`'s `.iso8601` does when bodies are read).
public enum Timestamp {
    /// The years the hand-written forms cover, where the C library's proleptic Gregorian calendar and
    /// Foundation's agree.
    static let years: ClosedRange<Int32> = 1600...9999

    static func formatter() -> ISO8601DateFormatter {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }

    public static func now() -> String { string(Date()) }

    public static func date(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count == 20, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 90 else {
            return formatter().date(from: text)
        }
        func number(_ range: Range<Int>) -> Int32? {
            var n: Int32 = 0
            for i in range {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                n = n * 10 + Int32(u[i] - 48)
            }
            return n
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        guard years.contains(year) else { return formatter().date(from: text) }
        var parts = tm()
        (parts.tm_year, parts.tm_mon, parts.tm_mday) = (year - 1900, month - 1, day)
        (parts.tm_hour, parts.tm_min, parts.tm_sec) = (hour, minute, second)
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    public static func string(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.magnitude < 1e12 else { return formatter().string(from: date) }
        var seconds = time_t(interval)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        guard years.contains(parts.tm_year + 1900) else { return formatter().string(from: date) }
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

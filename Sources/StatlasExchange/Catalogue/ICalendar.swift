import Foundation
import StatlasCore

/// Engagement activities as an iCalendar file (RFC 5545) that calendar programs subscribe to: one `VEVENT` per
/// activity with a stable `UID`, `DTSTAMP` (when the record last changed, in UTC), whole days or Europe/London
/// times (with the zone's `VTIMEZONE`), location, the activity's page as `URL`; text escaped, lines ended with
/// CR LF and folded at 75 octets without splitting a character.
public struct ICalendar: Sendable {
    /// The site's origin, for `URL` and the `UID` domain.
    public var origin: String
    /// The calendar's name (`X-WR-CALNAME`).
    public var name: String
    /// Names of the areas and organisations the activities name, by id.
    public var areaNames: [String: String] = [:]
    public var organisationNames: [String: String] = [:]

    public init(origin: String, name: String) {
        self.origin = origin
        self.name = name
    }

    /// The whole calendar.
    public func calendar(_ activities: [Activity]) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Statlas//Statlas register of the UK statistical system//EN",
            "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.text(name),
            "X-WR-TIMEZONE:Europe/London",
        ]
        let events = activities.filter { $0.start != nil }
        if events.contains(where: { $0.startTime != nil }) { lines += Self.london }
        for activity in events { lines += event(activity) }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined()
    }

    /// The domain part of every UID: the site's host.
    var host: String { URL(string: origin)?.host ?? "statlas" }

    func event(_ activity: Activity) -> [String] {
        guard let start = activity.start else { return [] }
        let last = activity.end ?? start
        var lines = ["BEGIN:VEVENT", "UID:activity-\(activity.id)@\(host)"]
        lines.append("DTSTAMP:" + Self.utc(activity.updatedAt ?? activity.createdAt ?? Date(timeIntervalSince1970: 0)))
        if let created = activity.createdAt { lines.append("CREATED:" + Self.utc(created)) }
        if let updated = activity.updatedAt { lines.append("LAST-MODIFIED:" + Self.utc(updated)) }
        if let from = activity.startTime.flatMap(Activity.minutes) {
            // Times in the zone; an end time without one ends an hour after the start.
            let to = activity.endTime.flatMap(Activity.minutes)
            lines.append("DTSTART;TZID=Europe/London:" + Self.local(start, from))
            if let to {
                lines.append("DTEND;TZID=Europe/London:" + Self.local(last, to))
            } else if last == start {
                lines.append("DURATION:PT1H")
            } else {
                lines.append("DTEND;TZID=Europe/London:" + Self.local(last, 24 * 60 - 1))
            }
        } else {
            // Whole days: the end is the day after the last (exclusive).
            lines.append("DTSTART;VALUE=DATE:" + Self.day(start))
            lines.append("DTEND;VALUE=DATE:" + Self.day(last.adding(days: 1)))
        }
        lines.append("SUMMARY:" + Self.text(activity.title))
        var description: [String] = []
        if let summary = activity.summary { description.append(summary) }
        let organisers = activity.organiserIds.map { organisationNames[$0] ?? $0 }
        if !organisers.isEmpty { description.append("Organised by " + organisers.joined(separator: ", ")) }
        if let url = activity.url { description.append("Details: " + url) }
        if !description.isEmpty { lines.append("DESCRIPTION:" + Self.text(description.joined(separator: "\n\n"))) }
        let place = activity.locationAreaId.map { areaNames[$0] ?? $0 }
        let location: String? =
            switch activity.mode {
            case .online?: "Online"
            case .hybrid?: (place ?? "In person") + " and online"
            case .inPerson?, nil: place
            }
        if let location { lines.append("LOCATION:" + Self.text(location)) }
        lines.append("URL:" + Self.uri("\(origin)/activities/\(activity.id)"))
        lines.append("CATEGORIES:" + Self.text(activity.kind.label))
        lines.append("STATUS:CONFIRMED")
        lines.append("TRANSP:TRANSPARENT")
        lines.append("END:VEVENT")
        return lines
    }

    /// Europe/London: GMT, and BST from the last Sunday of March to the last Sunday of October.
    static let london = [
        "BEGIN:VTIMEZONE", "TZID:Europe/London", "X-LIC-LOCATION:Europe/London",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE",
    ]

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    static func day(_ date: CalendarDate) -> String {
        String(repeating: "0", count: max(0, 4 - String(date.year).count)) + "\(date.year)" + two(date.month)
            + two(date.day)
    }

    static func local(_ date: CalendarDate, _ minutes: Int) -> String {
        day(date) + "T" + two(minutes / 60) + two(minutes % 60) + "00"
    }

    /// A moment in UTC: `20270210T093000Z`.
    static func utc(_ date: Date) -> String {
        Timestamp.string(date).filter { $0 != "-" && $0 != ":" }
    }

    /// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11); other control
    /// characters, which the format cannot carry, left out.
    public static func text(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = value.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
            case ";": out.append(contentsOf: "\\;".unicodeScalars)
            case ",": out.append(contentsOf: "\\,".unicodeScalars)
            case "\r":
                if pending == "\n" { pending = scalars.next() }
                out.append(contentsOf: "\\n".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// A URI value: no control characters or spaces (percent-encoded).
    static func uri(_ value: String) -> String {
        value.unicodeScalars.map {
            $0.value <= 0x20 || $0.value == 0x7F ? String(format: "%%%02X", $0.value) : String($0)
        }
        .joined()
    }

    /// One content line ended with CR LF, folded so that no line exceeds 75 octets: a fold is CR LF and a space,
    /// and never falls inside a UTF-8 sequence.
    public static func fold(_ line: String) -> String {
        var result = ""
        var current = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if current + size > limit {
                result += "\r\n "
                current = 0
                limit = 74  // the leading space counts
            }
            result.unicodeScalars.append(scalar)
            current += size
        }
        return result + "\r\n"
    }
}

import Foundation
import StatlasCore
import Testing

@testable import StatlasExchange

@Suite("iCalendar and Atom as their standards write them")
struct CalendarFeedTests {
    @Test("Lines fold at 75 octets with CR LF and a space, never inside a character")
    func folding() {
        let line = "SUMMARY:" + String(repeating: "é😀", count: 40)
        let folded = ICalendar.fold(line)
        #expect(folded.hasSuffix("\r\n"))
        // (CR LF is one Character: drop two scalars, not two Characters.)
        let pieces = String(folded.unicodeScalars.dropLast(2)).components(separatedBy: "\r\n")
        #expect(pieces.count > 3 && pieces.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(pieces.allSatisfy { $0.utf8.count <= 75 })
        #expect(
            pieces.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
        #expect(ICalendar.fold("SHORT") == "SHORT\r\n")
    }

    @Test("Text escapes backslash, semicolon, comma and line breaks, and drops what the format cannot carry")
    func escaping() {
        #expect(ICalendar.text("a\\b;c,d\r\ne\nf\u{7}g") == "a\\\\b\\;c\\,d\\ne\\nfg")
        // A combining mark after a comma does not hide it (scalars, not Characters).
        #expect(ICalendar.text(",\u{301}") == "\\,\u{301}")
    }

    @Test("Events: whole days end the day after; times are Europe/London with the zone defined once")
    func events() {
        var allDay = Activity()
        (allDay.id, allDay.title, allDay.start, allDay.end) = (
            "a", "Two days", CalendarDate("2027-12-31"), CalendarDate("2028-01-01")
        )
        var timed = Activity()
        (timed.id, timed.title, timed.start, timed.startTime, timed.endTime) = (
            "b", "Webinar", CalendarDate("2027-06-01"), "09:30", "11:00"
        )
        let text = ICalendar(origin: "https://statlas.example", name: "Test").calendar([allDay, timed])
        #expect(text.contains("DTSTART;VALUE=DATE:20271231\r\nDTEND;VALUE=DATE:20280102\r\n"))
        #expect(text.contains("DTSTART;TZID=Europe/London:20270601T093000\r\nDTEND;TZID=Europe/London:20270601T110000"))
        #expect(text.components(separatedBy: "BEGIN:VTIMEZONE").count == 2)
        #expect(
            text.contains("UID:activity-a@statlas.example") && text.contains("URL:https://statlas.example/activities/b")
        )
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test("Days are added across months, years and leap days")
    func addingDays() {
        #expect(CalendarDate("2028-02-28")!.adding(days: 1) == CalendarDate("2028-02-29"))
        #expect(CalendarDate("2027-12-31")!.adding(days: 1) == CalendarDate("2028-01-01"))
        #expect(CalendarDate("2027-03-01")!.adding(days: -1) == CalendarDate("2027-02-28"))
        #expect(CalendarDate("2027-01-01")!.adding(days: 365) == CalendarDate("2028-01-01"))
    }

    @Test("Activity times: written HH:MM, checked, and an end needs a start")
    func times() {
        #expect(Activity.minutes("9.30") == 570 && Activity.minutes("23:59") == 1439)
        #expect(Activity.minutes("24:00") == nil && Activity.minutes("9:3") == nil && Activity.minutes("٩:٣٠") == nil)
        var activity = Activity.example
        (activity.startTime, activity.endTime) = ("11:00", "10:00")
        #expect(activity.validate().map(\.field) == ["endTime"])
        (activity.startTime, activity.endTime) = (nil, "10:00")
        #expect(activity.validate().map(\.field) == ["startTime"])
    }

    @Test("An Atom feed escapes what it carries and says when it last changed")
    func atom() {
        let feed = AtomFeed(
            selfURL: "https://s.example/feeds/datasets.atom", pageURL: "https://s.example/datasets",
            title: "Datasets", subtitle: "New")
        let entry = AtomFeed.Entry(
            url: "https://s.example/datasets/a", title: "<b>A & B</b>", summary: "x", published: nil,
            updated: Date(timeIntervalSince1970: 1_800_000_000))
        let xml = feed.document([entry])
        #expect(xml.contains("<title>&lt;b&gt;A &amp; B&lt;/b&gt;</title>"))
        #expect(xml.contains("<updated>2027-01-15T08:00:00Z</updated>"))
    }
}

@Suite("The DCAT catalogue's RDF: escaping, datatypes and the ONS profile's fields")
struct DCATTests {
    @Test("Turtle escapes literals and IRIs; JSON-LD carries the same values")
    func escaping() {
        #expect(Turtle.literal("a \"b\" \\ c\nd\u{1}") == #""a \"b\" \\ c\nd\u0001""#)
        #expect(Turtle.iri("https://x.example/a b<c>\"é") == "<https://x.example/a%20b%3Cc%3E%22é>")
        let node = RDFNode("https://x.example/d", types: ["dcat:Dataset"], [RDFProperty("dct:title", .english("T"))])
        #expect(Turtle.node(node) == "<https://x.example/d>\n    a dcat:Dataset ;\n    dct:title \"T\"@en .\n\n")
        #expect(
            JSONLDGraph.node(node)
                == [
                    "@id": "https://x.example/d", "@type": ["dcat:Dataset"],
                    "dct:title": [["@value": "T", "@language": "en"]],
                ])
    }

    @Test("Periods become xsd:gYear, gYearMonth or date; anything else is left out")
    func periods() {
        #expect(DCATCatalogue.period("2011") == .typed("2011", datatype: "xsd:gYear"))
        #expect(DCATCatalogue.period("2021-04") == .typed("2021-04", datatype: "xsd:gYearMonth"))
        #expect(DCATCatalogue.period("2021-04-30") == .typed("2021-04-30", datatype: "xsd:date"))
        #expect(DCATCatalogue.period("2021-02-30") == nil && DCATCatalogue.period("FY2021") == nil)
    }

    @Test("Levels become GSS entity prefixes per nation, as the ONS profile writes spatial resolution")
    func prefixes() {
        #expect(AreaCode.entityPrefixes(.localAuthority, in: .england) == ["E06", "E07", "E08", "E09"])
        #expect(AreaCode.entityPrefixes(.lsoa, in: .northernIreland) == ["N20"])
        #expect(AreaCode.entityPrefixes(.msoa, in: .scotland) == ["S02"])
        #expect(AreaCode.entityPrefixes(.itl3, in: .wales).isEmpty)
        // Each prefix names the level it came from.
        for nation in Nation.allCases {
            for level in GeographicLevel.allCases where level != .itl1 {
                for prefix in AreaCode.entityPrefixes(level, in: nation) {
                    #expect(AreaCode.level(of: prefix + "000001") == level, "\(prefix)")
                }
            }
        }
    }

    @Test("A dataset has a publisher, a contact point, a licence URI and a distribution")
    func dataset() {
        var dataset = Dataset()
        (dataset.id, dataset.title, dataset.producerIds, dataset.licence) = ("d", "D", ["ons"], "uk-ogl")
        let nodes = DCATCatalogue(origin: "https://s.example").dataset(dataset, organisationNames: ["ons": "ONS"])
        let text = nodes.map(Turtle.node).joined()
        #expect(text.contains("dct:publisher <https://s.example/organisations/ons>"))
        #expect(
            text.contains("dct:license <https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/>"))
        #expect(text.contains("dcat:contactPoint [") && text.contains("vcard:fn \"ONS\""))
        #expect(text.contains("dct:description \"D\"@en"))  // no summary: the title describes it
    }
}

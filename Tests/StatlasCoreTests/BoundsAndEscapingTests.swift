import Foundation
import Testing

@testable import StatlasCore

@Suite("Bounds on numbers from outside, and escaping on Unicode scalars (R12, S17)")
struct BoundsAndEscapingTests {
    static let marks = ["\u{301}", "\u{338}", "\u{600}", "\u{6DD}", "\u{200D}", "\u{FE0F}", "\u{E0100}", "\u{1F3FB}"]

    @Test("Markup escaping finds <, >, &, quotes whatever marks surround them; what XML cannot hold becomes U+FFFD")
    func markup() {
        for mark in Self.marks {
            for special in ["<", ">", "&", "\"", "'"] {
                for text in [special + mark, mark + special, mark + special + mark] {
                    let escaped = TextEscaping.markup(text)
                    #expect(
                        !escaped.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) },
                        "\(text.debugDescription) → \(escaped.debugDescription)")
                }
            }
        }
        #expect(TextEscaping.markup("<\u{301}b>") == "&lt;\u{301}b&gt;")
        #expect(TextEscaping.markup("\u{600}<i>") == "\u{600}&lt;i&gt;")
        #expect(TextEscaping.markup("a\u{FFFF}b\u{FFFE}c\u{1}") == "a\u{FFFD}b\u{FFFD}c\u{FFFD}")
        #expect(TextEscaping.markup("plain text, é 😀") == "plain text, é 😀")
        #expect(
            TextEscaping.scriptJSON("{\"a\":\"</script\u{301}>&\"}")
                == "{\"a\":\"\\u003c/script\u{301}\\u003e\\u0026\"}")
    }

    /// The fields of the invalid-field errors `body` throws (nil when it throws something else or nothing).
    func invalidFields(_ body: () throws -> Void) -> [FieldError]? {
        do {
            try body()
            return nil
        } catch let error as StatlasError {
            if case .invalid(let errors) = error { return errors }
            return nil
        } catch {
            return nil
        }
    }

    @Test("Integers beyond 2^53 and numbers no Double holds are field errors naming their path, not 'not valid JSON'")
    func jsonNumbers() throws {
        for (body, field) in [
            (#"{"name":"X","invited":9007199254740993}"#, "invited"),
            (#"{"name":"X","invited":9223372036854775807}"#, "invited"),
            (#"{"name":"X","invited":-9223372036854775808}"#, "invited"), (#"{"name":"X","invited":1e400}"#, "invited"),
            (#"{"a":[{"b":[1,18446744073709551616]}]}"#, "a[0].b[1]"),
        ] {
            let errors = invalidFields { _ = try RecordCodec.parse(Data(body.utf8)) }
            #expect(errors?.map(\.field) == [field], "\(body): \(String(describing: errors))")
        }
        #expect(
            try RecordCodec.parse(Data(#"{"n":9007199254740991,"m":-0.5}"#.utf8))
                == .object(["n": .number(9_007_199_254_740_991), "m": .number(-0.5)]))
        let activity = #"{"title":"T","kind":"event","start":"2026-01-01","organiserIds":["o"],"invited":1e400}"#
        let errors = invalidFields {
            _ = try RecordCodec.decode(Activity.self, body: Data(activity.utf8), over: .blank)
        }
        #expect(errors == [FieldError("invited", "invited must be a whole number from 0 to 1,000,000,000")])
    }

    @Test(
        "Declared bounds are checked on every record, nested fields included; paging and dates are bounded where parsed"
    )
    func declaredBounds() throws {
        var relationship = Relationship()
        (
            relationship.ownerOrganisationId, relationship.stakeholderOrganisationId, relationship.power,
            relationship.interest
        ) = ("a", "b", 3, 6)
        relationship.assessments = [
            Assessment(date: CalendarDate(year: 2026, month: 1, day: 1), power: Int.max, interest: 3)
        ]
        #expect(Set(relationship.fieldErrors().map(\.field)) == ["interest", "assessments[0].power"])
        var area = Area()
        (area.id, area.code, area.name, area.hex) = (
            "E06000001", "E06000001", "Hartlepool", HexPosition(q: Int.min, r: 2, layout: .oddR)
        )
        #expect(area.fieldErrors().map(\.field) == ["hex.q"])
        for value in ["9223372036854775807", "-1", "1e3", "+5", "0x10", "99999999999999999999", ""] {
            #expect(throws: StatlasError.self) { _ = try ListQuery.parse(["offset": value], for: Dataset.self) }
            #expect(throws: StatlasError.self) { _ = try ListQuery.parse(["page": value], for: Dataset.self) }
        }
        #expect(try ListQuery.parse(["page": "10000000", "limit": "200"], for: Dataset.self).offset == 1_999_999_800)
        #expect(
            CalendarDate("0000-01-01") == nil && CalendarDate("99999-01-01") == nil && CalendarDate("+999-01-01") == nil
        )
        #expect(CalendarDate("9999-12-31") != nil && CalendarDate("0001-01-01") != nil)
        #expect(!Period.isValid("0000") && !Period.isValid("+999") && Period.isValid("2021-04"))
    }

    @Test("A version that is not a whole number is a field error naming version")
    func version() {
        let errors = invalidFields {
            _ = try RecordCodec.decode(Theme.self, body: Data(#"{"version":1.5,"name":"X"}"#.utf8), over: .blank)
        }
        #expect(errors?.map(\.field) == ["version"])
    }

    @Test(
        "Months are filled in over at most 50 years: one activity dated 0001 and one 9999 give two months, not 119,988")
    func monthsBounded() {
        var early = Activity()
        (early.title, early.organiserIds, early.start) = ("Ancient", ["o"], CalendarDate(year: 1, month: 1, day: 1))
        var late = early
        late.start = CalendarDate(year: 9999, month: 12, day: 31)
        let far = EngagementInsight.compute(
            EngagementFilter(), activities: [early, late], organisations: [], themes: [], people: [],
            datasets: [], today: CalendarDate(year: 2026, month: 6, day: 1))
        #expect(far.byMonth.map(\.month) == ["0001-01", "9999-12"])
        late.start = CalendarDate(year: 1, month: 12, day: 1)
        let near = EngagementInsight.compute(
            EngagementFilter(), activities: [early, late], organisations: [], themes: [], people: [],
            datasets: [], today: CalendarDate(year: 2026, month: 6, day: 1))
        #expect(near.byMonth.count == 12)
    }

    @Test("Totals over stored counts saturate instead of trapping")
    func saturating() {
        var a = Activity()
        (a.title, a.organiserIds, a.start) = ("Huge", ["o"], CalendarDate(year: 2026, month: 1, day: 1))
        (a.invited, a.signedUp, a.attended, a.responses) = (Int.max, Int.max, Int.max, Int.max)
        let insight = EngagementInsight.compute(
            EngagementFilter(), activities: [a, a, a], organisations: [], themes: [], people: [],
            datasets: [], today: CalendarDate(year: 2026, month: 6, day: 1))
        #expect(insight.reach.invited == Int.max && insight.byMonth.first?.attended == Int.max)
        #expect((Int.min).saturatingAdd(-1) == Int.min && 2.saturatingAdd(3) == 5)
    }
}

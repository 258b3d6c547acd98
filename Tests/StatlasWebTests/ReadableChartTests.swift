import Foundation
import StatlasCore
import StatlasExchange
import Testing

@testable import StatlasWeb

@Suite("Charts and dates a person can read")
struct ReadableChartTests {
    @Test("The hex map key has a shade for every count present, distinct, and bands only beyond eight counts")
    func hexKey() {
        let shades = HexMap.shades(counts: [0, 1, 2, 3, 5, 6])
        #expect(shades.map(\.label) == ["0", "1", "2", "3", "5", "6"])
        #expect(Set(shades.map(\.fill)).count == shades.count)
        let many = HexMap.shades(counts: Set(0...40))
        #expect(many.count == 9 && many.last?.label == "36 to 40" && many[1].label == "1 to 5")
        #expect(HexMap.shades(counts: [0]).map(\.label) == ["0"])
        #expect(HexMap.shades(counts: [7]).map(\.label) == ["0", "7"])
    }

    @Test("Months and periods read as GOV.UK writes them; downloads keep the machine form")
    func dates() {
        #expect(MonthName.long("2023-03") == "March 2023" && MonthName.short("2023-09") == "Sept 2023")
        #expect(MonthName.short("2024-12") == "Dec 2024" && MonthName.long("2023-13") == "2023-13")
        // Moments (a record's history, when figures were computed) in the same style, in UTC.
        let moment = { (text: String) in MonthName.moment(ISO8601DateFormatter().date(from: text)!) }
        #expect(moment("2026-12-07T14:16:47Z") == "7 December 2026, 2:16pm UTC")
        #expect(moment("2026-01-01T00:00:00Z") == "1 January 2026, midnight UTC")
        #expect(moment("2026-06-30T12:00:59Z") == "30 June 2026, midday UTC")
        #expect(moment("2026-06-30T09:05:00Z") == "30 June 2026, 9:05am UTC")
        #expect(RecordDisplay.period("2005-01-01") == "1 January 2005")
        #expect(RecordDisplay.period("2023-03") == "March 2023" && RecordDisplay.period("2019") == "2019")
        let table = StatTable(
            id: "t", title: "T", summary: "S", columns: [.init("Month", "month")], rows: [[.month("2023-03")]])
        #expect(String(decoding: table.csv(), as: UTF8.self).contains("2023-03"))
        #expect(StatTable.Value.month("2023-03").display == "March 2023")
    }

    @Test("Network names never overlap one another or a disc, stay on the drawing, and are cut at a word")
    func networkLabels() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let count = Int.random(in: 1...120, using: &generator)
            let points = (0..<count).map { _ in
                (Double.random(in: 24...776, using: &generator), Double.random(in: 24...536, using: &generator))
            }
            let names = (0..<count).map { "Organisation number \($0) of the statistical system" }
            let labels = NetworkDrawing.placeLabels(
                names, priority: Array(0..<count), at: points, width: 800, height: 560)
            typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
            let boxes: [Box] = labels.values.map { label in
                let w = Double(label.text.unicodeScalars.count) * 5.6 + 4
                let x0 =
                    label.anchor == "middle" ? label.x - w / 2 : label.anchor == "start" ? label.x - 2 : label.x - w
                return (x0, label.y - 9, x0 + w, label.y + 3)
            }
            let discs: [Box] = points.map { ($0.0 - 10, $0.1 - 10, $0.0 + 10, $0.1 + 10) }
            func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }
            for (i, a) in boxes.enumerated() {
                #expect(a.x0 >= 0 && a.x1 <= 800 && a.y0 >= 0 && a.y1 <= 560)
                for b in boxes[(i + 1)...] { #expect(!overlaps(a, b)) }
                for d in discs { #expect(!overlaps(a, d)) }
            }
        }
        #expect(NetworkDrawing.shortened("Office for National Statistics") == "Office for National Statistics")
        let long = NetworkDrawing.shortened("Department for Levelling Up, Housing and Communities (2018 to 2021)")
        #expect(long == "Department for Levelling Up, Housing…")
    }

    @Test(
        "A reference typed as text offers names from its collection's API while one types (the script's autocomplete)"
    )
    func suggestions() {
        let typed = FormView(form: FormData(), errors: [:], options: [:])
            .field(FieldSpec("ownerOrganisationId", "Owner", .reference(.organisation)), key: "ownerOrganisationId")
        #expect(typed.isInput && typed.suggest.renderText == "/api/v1/organisations")
        let chosen = FormView(form: FormData(), errors: [:], options: [.theme: [ChoiceOption("housing", "Housing")]])
            .field(FieldSpec("themeId", "Theme", .reference(.theme)), key: "themeId")
        #expect(chosen.isSelect && chosen.suggest.isNull)
    }
}

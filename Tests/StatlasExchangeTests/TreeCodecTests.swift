import Foundation
import StatlasExchange
import Testing

@testable import StatlasCore

/// The tree codec (`JSONValueEncoder`, `JSONValueDecoder`) that imports and writes use in place of Foundation's
/// JSON text round trip must give what Foundation gives: the same stored document and the same records back.
@Suite("Records encoded and decoded as JSON trees")
struct TreeCodecTests {
    /// `record` stored by the tree codec is the document `JSONEncoder` writes, and reads back as the record.
    func check<R: Record>(_ record: R) throws {
        let foundation = try RecordCodec.encoder().encode(record)
        let stored = try RecordCodec.stored(record)
        #expect(try RecordCodec.parse(stored.body) == RecordCodec.parse(foundation), "\(R.kind) \(record.id)")
        #expect(JSONValue.object(stored.object) == (try RecordCodec.parse(foundation)), "\(R.kind) \(record.id)")
        let back = try JSONValueDecoder().decode(R.self, from: try RecordCodec.parse(stored.body))
        #expect(back == (try RecordCodec.decoder().decode(R.self, from: foundation)), "\(R.kind) \(record.id)")
        // Stored bodies have their keys in byte order, so equal records have equal bodies.
        #expect(stored.body == (try RecordCodec.stored(back).body))
    }

    @Test("Every demo record is stored as Foundation would store it and reads back the same")
    func demoRecords() throws {
        for record in DemoRegister.themes { try check(record) }
        for record in DemoRegister.areas { try check(record) }
        for record in DemoRegister.organisations { try check(record) }
        for record in DemoRegister.people { try check(record) }
        for record in DemoRegister.datasets { try check(record) }
        for record in DemoRegister.collaborations { try check(record) }
        for record in DemoRegister.activities { try check(record) }
        for record in DemoRegister.relationships { try check(record) }
    }

    @Test("Text that needs escaping, dates and numbers survive the tree codec")
    func awkwardValues() throws {
        var dataset = Dataset()
        dataset.id = "awkward"
        dataset.title = "Quote \" backslash \\ slash / tab \t newline \n nul \u{0} bell \u{7} <\u{301} 🏴󠁧󠁢󠁷󠁬󠁳󠁿"
        dataset.summary = "\u{FEFF}line\r\nbreak \u{2028}"
        dataset.createdAt = Date(timeIntervalSince1970: 1_764_000_000)
        dataset.updatedAt = Date(timeIntervalSince1970: -86_400 * 365 * 1000)
        dataset.coverage = [NationCoverage(nation: .wales, covered: true, finestLevel: .lsoa, areaCount: 1_909)]
        dataset.version = 9_007_199_254_740_991
        try check(dataset)
        let stored = try RecordCodec.stored(dataset)
        #expect(String(decoding: stored.body, as: UTF8.self).contains(#""createdAt":"2025-11-24T16:00:00Z""#))
        #expect(String(decoding: stored.body, as: UTF8.self).contains(#""version":9007199254740991}"#))
        // Days before 1600 are counted as Foundation counts them (Julian before 1582), after 9999 as well.
        for seconds in [-62_135_596_800.0, -12_219_292_800, -11_676_096_000, 253_402_300_799, 253_402_300_800] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.string(date) == Timestamp.formatter().string(from: date), "\(seconds)")
            #expect(Timestamp.date(Timestamp.string(date)) == date, "\(seconds)")
        }
    }

    @Test("Wrong types give the same coding paths as Foundation's decoder")
    func errors() throws {
        let bad: [String: JSONValue] = [
            "id": .string("x"), "title": .string("T"), "coverage": .array([.object(["nation": .number(3)])]),
        ]
        func path(_ call: () throws -> Void) -> String? {
            do { try call() } catch let error as DecodingError {
                switch error {
                case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                    .dataCorrupted(let context):
                    return RecordCodec.path(context.codingPath)
                @unknown default: return nil
                }
            } catch {}
            return nil
        }
        let tree = path { _ = try JSONValueDecoder().decode(Dataset.self, from: .object(bad)) }
        let text = path {
            _ = try RecordCodec.decoder().decode(Dataset.self, from: JSONValue.object(bad).written()!)
        }
        #expect(tree != nil && tree == text)
        // A value of another type where a whole number belongs reads as Foundation's decoder reads it.
        for wrong: JSONValue in [.string("many"), .bool(true), .array([]), .object([:])] {
            let submitted: [String: JSONValue] = [
                "title": .string("T"),
                "coverage": .array([.object(["nation": .string("wales"), "covered": .bool(true), "areaCount": wrong])]),
            ]
            do {
                _ = try RecordCodec.decode(Dataset.self, object: submitted, over: .blank)
                Issue.record("\(wrong) was accepted")
            } catch .invalid(let errors) {
                #expect(errors.map(\.field) == ["coverage[0].areaCount"], "\(wrong)")
                #expect(errors.first?.message.contains("whole number") == true, "\(wrong): \(errors)")
            } catch {
                Issue.record("\(wrong) gave \(error)")
            }
        }
        let fraction: JSONValue = .object([
            "areaCount": .number(1.5), "nation": .string("wales"), "covered": .bool(true),
        ])
        #expect(throws: DecodingError.self) { _ = try JSONValueDecoder().decode(NationCoverage.self, from: fraction) }
    }
}

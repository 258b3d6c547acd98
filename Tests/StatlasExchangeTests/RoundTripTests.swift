import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Export and import of every entity")
struct RoundTripTests {
    /// Kinds in an order where every reference points to an earlier kind or the same one.
    static let order: [EntityKind] = [
        .theme, .area, .factor, .organisation, .person, .dataset, .collaboration, .activity, .relationship,
        .resource, .researchQuestion,
    ]

    @Test(
        "Exporting every kind as CSV or JSON and importing into an empty database reproduces the register",
        arguments: TestDatabase.engines, ExportFormat.allCases)
    func roundTrip(engine: Engine, format: ExportFormat) async throws {
        #expect(Set(Self.order) == Set(EntityKind.allCases))
        var files: [EntityKind: Data] = [:]
        let original = try await TestDatabase.withStorage(engine) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let importer = Importer(repository: storage.records)
            _ = try await importer.run(.area, file: SharedData.url("uk-local-authority-districts-2023.hexjson"))
            var person = try await storage.records.get(Person.self, id: DemoRegister.people[0].id)
            person.jobTitle = "=HYPERLINK(\"http://evil.example\")"  // a formula must not survive as one in CSV
            _ = try await storage.records.update(person, expectedVersion: person.version)
            let exporter = Exporter(repository: storage.records)
            for kind in EntityKind.allCases { files[kind] = try await exporter.export(kind, format: format).data }
            return try await contents(of: storage.records)
        }
        if format == .csv {
            let people = String(decoding: files[.person]!, as: UTF8.self)
            #expect(people.contains("'=HYPERLINK") && people.hasPrefix("id,"))
            #expect(people.contains("\r\n"))
        }
        let restored = try await TestDatabase.withStorage(engine) { storage in
            let importer = Importer(repository: storage.records)
            for kind in Self.order {
                let summary = try await importer.run(kind, data: files[kind]!, format: format == .csv ? .csv : .json)
                #expect(summary.updated + summary.created + summary.unchanged > 0, "\(kind)")
            }
            // A second import of the same files changes nothing.
            for kind in Self.order {
                let again = try await importer.run(kind, data: files[kind]!, format: format == .csv ? .csv : .json)
                #expect(again.created == 0 && again.updated == 0, "\(kind)")
            }
            return try await contents(of: storage.records)
        }
        #expect(restored.count == original.count)
        #expect(restored == original)
    }

    @Test("Formula neutralisation is exact both ways and leaves other text alone")
    func neutralisation() {
        for text in ["=SUM(A1)", "+44 20", "-5", "@user", "'=x", "''=y", "plain", "'quoted'", "", "\tTab"] {
            #expect(CSVOutput.restore(CSVOutput.neutralise(text)) == text, "\(text)")
        }
        #expect(CSVOutput.neutralise("=1+1") == "'=1+1")
        #expect(CSVOutput.neutralise("Plain text") == "Plain text")
    }
}

import Foundation
import SQLKit
import StatlasCore
import StatlasExchange
import StatlasTestSupport
import Testing

@testable import StatlasStorage

/// Bodies are stored without the members their columns hold and without empty defaults (`StoredBodies`), and
/// read back as the whole document, byte for byte what `RecordCodec.stored` writes.
@Suite("Record bodies stored without what their columns hold")
struct StoredBodyTests {
    /// Every kind's records on a register with the demo loaded, with their stored bodies and documents.
    static func check(_ storage: StorageService) async throws {
        let records = storage.records
        func kind<R: Record>(_ type: R.Type) async throws -> Int {
            let page = try await records.listEncoded(R.self, ListQuery(limit: ListQuery.maxLimit))
            let decoded = try await records.list(R.self, ListQuery(limit: ListQuery.maxLimit)).items
            #expect(page.items.count == decoded.count)
            var saved = 0
            for (document, record) in zip(page.items, decoded) {
                // The document read back is exactly the record's own encoding.
                #expect(document == String(decoding: try RecordCodec.stored(record).body, as: UTF8.self))
                let fetched = try await records.get(R.self, id: record.id)
                #expect(fetched == record)
                let body = try await storage.database.withConnection { db in
                    try await db.raw("SELECT body FROM \(ident: R.kind.table) WHERE id = \(bind: record.id)").first()?
                        .decode(column: "body", as: String.self)
                }
                guard let body, case .object(let stored)? = JSONValue.read(Data(body.utf8)) else {
                    Issue.record("no body for \(record.id)")
                    continue
                }
                let omitted = Set(StoredBodies(.standard).omitted(R.kind)).intersection(StoredBodies.columnKeys)
                for key in omitted where key != "title" {
                    #expect(stored[key] == nil, "\(key) in \(R.kind) \(record.id)")
                }
                // The title is left out wherever the title column holds the document's own; a kind whose
                // documents have no `title` member is not given one.
                guard case .object(let whole)? = JSONValue.read(Data(document.utf8)) else { continue }
                if omitted.contains("title") {
                    if whole["title"] == .string(record.title) { #expect(stored["title"] == nil) }
                } else {
                    #expect(whole["title"] == stored["title"], "title in \(R.kind) \(record.id)")
                }
                #expect(!stored.values.contains(.array([])), "an empty list in \(R.kind) \(record.id)")
                saved += document.utf8.count - body.utf8.count
            }
            return saved
        }
        // Titles are kept in their column for these kinds, and organisations (titled by `name`) have no title.
        for kind in [EntityKind.dataset, .activity, .collaboration] {
            #expect(StoredBodies(.standard).omitted(kind).contains("title"))
        }
        #expect(!StoredBodies(.standard).omitted(.organisation).contains("title"))
        var saved = try await kind(Organisation.self)
        saved += try await kind(Person.self)
        saved += try await kind(Theme.self)
        saved += try await kind(Dataset.self)
        saved += try await kind(Collaboration.self)
        saved += try await kind(Activity.self)
        saved += try await kind(Relationship.self)
        saved += try await kind(Factor.self)
        #expect(saved > 10_000)
    }

    @Test("Demo records read back whole from compact bodies", arguments: TestDatabase.engines)
    func demo(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            try await Self.check(storage)
            // No record table keeps a `demo` index, neither migration 1's nor a later kind's (migration 21).
            let demoIndexes = try await storage.database.withConnection { db in
                try await TitleColumnsSchema.demoIndexes(db, engine)
            }
            #expect(demoIndexes.isEmpty)
            // An update and a whole body written before this layout read back the same as well.
            var dataset = try await storage.records.list(Dataset.self, ListQuery(limit: 1)).items[0]
            dataset.summary = "Changed \u{301}\"quoted\" {braces} [brackets], commas \\ and slashes"
            let updated = try await storage.records.update(dataset, expectedVersion: dataset.version, by: .system)
            let whole = String(decoding: try RecordCodec.stored(updated).body, as: UTF8.self)
            try await storage.database.withConnection { db in
                try await db.raw("UPDATE datasets SET body = \(bind: whole) WHERE id = \(bind: updated.id)").run()
            }
            let page = try await storage.records.listEncoded(Dataset.self, ListQuery(limit: ListQuery.maxLimit))
            #expect(page.items.contains(whole))
            #expect(try await storage.records.get(Dataset.self, id: updated.id) == updated)
        }
    }

    @Test("Members are put back in key order around names, strings and nesting that look like JSON")
    func merge() {
        let body = #"{"a":"}\",{","c":{"d":[1,{"e":"]"}]},"m":true,"z\"q":null}"#
        let members = [("b", "[]"), ("c", "9"), ("n", "false"), ("zz", "1")].map { (key: $0.0, value: $0.1) }
        #expect(
            StoredBodies.merge(body, members)
                == #"{"a":"}\",{","b":[],"c":{"d":[1,{"e":"]"}]},"m":true,"n":false,"z\"q":null,"zz":1}"#)
        #expect(StoredBodies.merge("{}", members) == #"{"b":[],"c":9,"n":false,"zz":1}"#)
        #expect(
            StoredBodies.merge(" { \"y\" : 2 } ", [("x", "1")].map { (key: $0.0, value: $0.1) }) == #"{"x":1,"y" : 2}"#)
    }
}

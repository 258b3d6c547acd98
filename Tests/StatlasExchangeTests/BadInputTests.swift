import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Bad import files are rejected whole, with the line and field, and change nothing")
struct BadInputTests {
    static let cases:
        [(name: String, kind: EntityKind, format: ImportFormat, data: Data, location: String, field: String?)] = [
            (
                "unterminated quote", .area, .codeList,
                Data("areacd,areanm\nE06000001,\"Hartlepool\nE06000002,Middlesbrough\n".utf8), "line 2", nil
            ),
            (
                "text after a closing quote", .area, .codeList, Data("areacd,areanm\nE06000001,\"Hartlepool\"x\n".utf8),
                "line 2", nil
            ),
            (
                "not UTF-8", .area, .codeList,
                Data("areacd,areanm\nE06000001,Hartlepool\nW06000001,Ynys M".utf8) + Data([0xF4, 0x6E])
                    + Data("\n".utf8), "line 3", nil
            ),
            ("missing column", .area, .codeList, Data("areacd,name\nE06000001,Hartlepool\n".utf8), "line 1", nil),
            (
                "wrong field count", .area, .codeList, Data("areacd,areanm\nE06000001,Hartlepool\nE06000002\n".utf8),
                "line 3", nil
            ),
            (
                "invalid code", .area, .codeList, Data("areacd,areanm\nE06000001,Hartlepool\nX99000001,Nowhere\n".utf8),
                "line 3", "code"
            ),
            (
                "bad year", .area, .codeList, Data("areacd,areanm,start\nE06000001,Hartlepool,twenty\n".utf8), "line 2",
                "start"
            ),
            (
                "duplicate key", .area, .codeList,
                Data("areacd,areanm\nE06000001,Hartlepool\nE06000001,Hartlepool again\n".utf8), "line 3", "id"
            ),
            (
                "unknown parent", .area, .csv,
                Data("id,code,name,parent_codes\nE06000001,E06000001,Hartlepool,TLC99\n".utf8), "line 2 (E06000001)",
                "parentCodes[0]"
            ),
            (
                "wrong type", .relationship, .csv,
                Data(
                    "id,owner_organisation_id,stakeholder_organisation_id,power,interest\nr1,office-for-national-statistics,welsh-government,high,3\n"
                        .utf8),
                "line 2", "power"
            ),
            (
                "out of range", .relationship, .json,
                Data(
                    #"[{"id":"r1","ownerOrganisationId":"office-for-national-statistics","stakeholderOrganisationId":"welsh-government","power":9,"interest":3}]"#
                        .utf8),
                "record 1 (r1)", "power"
            ),
            (
                "count beyond its bound (CSV)", .activity, .csv,
                Data(
                    "id,title,kind,start,organiser_ids,invited\na1,Event,event,2026-01-01,office-for-national-statistics,9223372036854775807\n"
                        .utf8),
                "line 2 (a1)", "invited"
            ),
            (
                "number no Double holds (JSON)", .activity, .json,
                Data(
                    #"[{"id":"a1","title":"E","kind":"event","start":"2026-01-01","organiserIds":["office-for-national-statistics"],"invited":1e400}]"#
                        .utf8),
                "the file", "[0].invited"
            ),
            (
                "hex position beyond its bound", .area, .hexjson,
                Data(#"{"layout":"odd-r","hexes":{"E06000001":{"n":"Hartlepool","q":99999999,"r":1}}}"#.utf8),
                "hex E06000001", "hex.q"
            ),
            (
                "year 0", .activity, .csv,
                Data(
                    "id,title,kind,start,organiser_ids\na1,Event,event,0000-01-01,office-for-national-statistics\n".utf8
                ), "line 2 (a1)", "start"
            ),
            ("unknown column", .theme, .csv, Data("id,name,colour\nt1,Theme,red\n".utf8), "line 1", nil),
            ("not JSON", .dataset, .json, Data("[{\"id\": \"x\",".utf8), "the file", nil),
            (
                "JSON-stat without area codes", .dataset, .jsonStat,
                Data(
                    #"{"class":"collection","link":{"item":[{"class":"dataset","label":"X","extension":{"slug":"x"},"dimension":{}}]}}"#
                        .utf8),
                "item 1 (x)", "dimension.areacd"
            ),
            (
                "bad CKAN coverage mask", .dataset, .ckan,
                Data(#"{"name":"p","title":"P","geographic_coverage":"England"}"#.utf8), "package 1 (p)",
                "geographic_coverage"
            ),
            (
                "bad GOV.UK status", .organisation, .govuk,
                Data("slug,title,format,govuk_status,parent_slugs,superseded_by\nx,X,Other,open,,\n".utf8), "line 2",
                "govuk_status"
            ),
            ("empty file", .theme, .csv, Data(), "line 1", nil),
            ("wrong format for kind", .theme, .govuk, Data("slug\n".utf8), "the file", nil),
        ]

    @Test(
        "Each malformed file names where and what, and leaves the database exactly as it was",
        arguments: TestDatabase.engines)
    func rejected(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let before = try await contents(of: storage.records)
            let importer = Importer(repository: storage.records)
            for bad in Self.cases {
                let error = await importFailure {
                    _ = try await importer.run(bad.kind, data: bad.data, format: bad.format)
                }
                let problem = error?.problems.first
                #expect(problem?.location == bad.location, "\(bad.name): \(error?.description ?? "")")
                #expect(problem?.field == bad.field, "\(bad.name): \(error?.description ?? "")")
                #expect(error?.description.contains("Nothing was imported") == true)
            }
            // A file whose last row is bad writes none of the good rows before it.
            let mixed = Data("areacd,areanm\nE06000001,Renamed\nS12000033,Aberdeen City\nE06000002,\n".utf8)
            let error = await importFailure { _ = try await importer.run(.area, data: mixed, format: .codeList) }
            #expect(error?.problems.map(\.location) == ["line 4"])
            #expect(try await contents(of: storage.records) == before)
        }
    }

    @Test(
        "Problems in many batches of a large file are all reported in file order, and nothing is written; the same file corrected imports whole",
        arguments: TestDatabase.engines)
    func largeFileProblems(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let before = try await contents(of: storage.records)
            let importer = Importer(repository: storage.records)
            let bad: Set<Int> = [3, 499, 500, 501, 1_234, 2_998]
            func file(_ broken: Set<Int>) -> Data {
                var csv = "id,title,producer_ids,temporal_start\n"
                for i in 0..<2_999 {
                    let line = i + 2
                    // An existing dataset in the middle is updated, not duplicated.
                    let id = i == 1_500 ? DemoRegister.datasets[0].id : "bulk-\(i)"
                    csv +=
                        "\(id),Bulk \(i),office-for-national-statistics,\(broken.contains(line) ? "someday" : "2020")\n"
                }
                return Data(csv.utf8)
            }
            let error = await importFailure { _ = try await importer.run(.dataset, data: file(bad), format: .csv) }
            #expect(error?.problems.map(\.location) == bad.sorted().map { "line \($0) (bulk-\($0 - 2))" })
            #expect(error?.problems.allSatisfy { $0.field == "temporalStart" } == true)
            // References to records that exist nowhere are reported in file order too, whatever they refer to.
            var missing = "id,title,producer_ids,theme_ids\n"
            for i in 0..<1_200 {
                let producer = i == 900 || i == 30 ? "no-such-body" : "office-for-national-statistics"
                missing += "ref-\(i),Ref \(i),\(producer),\(i == 400 || i == 1_100 ? "no-such-theme" : "")\n"
            }
            let references = await importFailure {
                _ = try await importer.run(.dataset, data: Data(missing.utf8), format: .csv)
            }
            #expect(
                references?.problems.map(\.location) == [30, 400, 900, 1_100].map { "line \($0 + 2) (ref-\($0))" })
            #expect(
                references?.problems.map(\.field) == ["producerIds[0]", "themeIds[0]", "producerIds[0]", "themeIds[0]"])
            #expect(try await contents(of: storage.records) == before)
            let stored = try await storage.records.get(Dataset.self, id: DemoRegister.datasets[0].id)
            let summary = try await importer.run(.dataset, data: file([]), format: .csv)
            #expect(summary.created == 2_998 && summary.updated == 1)
            let updated = try await storage.records.get(Dataset.self, id: DemoRegister.datasets[0].id)
            #expect(updated.title == "Bulk 1500" && updated.version == stored.version + 1)
            #expect(updated.producerIds == ["office-for-national-statistics"] && updated.summary == stored.summary)
            let page = try await storage.records.list(
                Dataset.self, ListQuery(filters: ["producer": "office-for-national-statistics"], limit: 1))
            #expect(page.total >= 2_999)
        }
    }

    @Test("A file on disk is named in the error, and files over the size limit are refused before reading")
    func fileErrors() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "statlas-bad-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("themes.csv")
            try Data("id,name\nt1,\"Unclosed\n".utf8).write(to: file)
            let error = await importFailure {
                _ = try await Importer(repository: storage.records).run(.theme, file: file)
            }
            #expect(error?.file == "themes.csv" && error?.description.contains("themes.csv, line 2") == true)
            try Data(count: 2 << 20).write(to: file)
            let big = await importFailure {
                _ = try await Importer(repository: storage.records, maxBytes: 1 << 20).run(.theme, file: file)
            }
            #expect(big?.problems.first?.message.contains("over the import limit") == true)
        }
    }

    @Test("Formats are detected from the content")
    func detection() throws {
        let data = { (text: String) in Data(text.utf8) }
        #expect(Importer.detect(.area, data("areacd,areanm\n"), name: "x.csv") == .codeList)
        #expect(Importer.detect(.area, data("LAD25CD,LAD25NM,ITL325CD\n"), name: "x.csv") == .itlLookup)
        #expect(Importer.detect(.area, data("{\"layout\":\"odd-r\",\"hexes\":{}}"), name: "x.hexjson") == .hexjson)
        #expect(
            Importer.detect(
                .organisation, data("slug,title,abbreviation,format,gb_gor_id,govuk_status\n"), name: "o.csv") == .govuk
        )
        #expect(
            Importer.detect(.dataset, data("{\"version\":\"2.0\",\"class\":\"collection\"}"), name: "d.json")
                == .jsonStat)
        #expect(Importer.detect(.dataset, data("{\"origin\":\"x\",\"files\":{}}"), name: "d.json") == .onsContext)
        #expect(Importer.detect(.dataset, data("{\"name\":\"p\",\"license_id\":\"uk-ogl\"}"), name: "d.json") == .ckan)
        #expect(Importer.detect(.dataset, data("url,title,organization,date_created\n"), name: "d.csv") == .scotCSV)
        #expect(Importer.detect(.dataset, data("[{\"id\":\"x\"}]"), name: "d.json") == .json)
        #expect(Importer.detect(.activity, data("id,title\n"), name: "a.csv") == .csv)
    }
}

import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Importing the real reference data")
struct ReferenceDataTests {
    @Test(
        "The LAD → ITL lookup gives 361 districts by nation with their ITL parents; hexjson adds positions",
        arguments: TestDatabase.engines)
    func geography(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let importer = Importer(repository: storage.records)
            let lookup = SharedData.url("lad25-itl325-itl225-itl125-uk-lookup.csv")
            let first = try await importer.run(.area, file: lookup)
            #expect(first.created == 361 + 182 + 46 + 12 + 4 + 1 && first.updated == 0)
            for (nation, count) in [("england", 296), ("wales", 22), ("scotland", 32), ("northern-ireland", 11)] {
                #expect(
                    try await total(Area.self, ["level": "local-authority", "nation": nation], in: storage.records)
                        == count)
            }
            #expect(try await total(Area.self, ["level": "local-authority"], in: storage.records) == 361)
            #expect(try await total(Area.self, ["level": "itl1"], in: storage.records) == 12)
            var chain: [String] = []
            var code = "E06000001"
            while let area = try? await storage.records.get(Area.self, id: code), let parent = area.parentCodes.first {
                chain.append(parent)
                code = parent
            }
            #expect(chain == ["TLC31", "TLC3", "TLC", "E92000001", "K02000001"])
            #expect(try await storage.records.get(Area.self, id: "TLM").nation == .scotland)
            #expect(
                try await storage.records.get(Area.self, id: "N09000001").parentCodes.first.map { $0.hasPrefix("TLN") }
                    == true)
            #expect(try await total(Area.self, ["parent": "TLL"], in: storage.records) > 0)

            let again = try await importer.run(.area, file: lookup)
            #expect(again == ImportSummary(unchanged: first.created))

            let hexes = try await importer.run(.area, file: SharedData.url("uk-local-authority-districts-2023.hexjson"))
            #expect(hexes.updated == 361 && hexes.created == 0)
            let hartlepool = try await storage.records.get(Area.self, id: "E06000001")
            #expect(hartlepool.hex == HexPosition(q: 8, r: 18, layout: .oddR))
            #expect(hartlepool.parentCodes == ["TLC31"])  // the hex layout leaves the hierarchy alone

            let regions = try await importer.run(.area, file: SharedData.url("ons-geo-lists/rgn22.csv"))
            #expect(regions.created == 9)
            #expect(try await storage.records.get(Area.self, id: "E12000001").level == .itl1)
        }
    }

    @Test(
        "GOV.UK organisations import with parents, status and successors; references outside the file are left out with a note",
        arguments: TestDatabase.engines)
    func organisations(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let importer = Importer(repository: storage.records)
            let file = SharedData.url("govuk-organisations.csv")
            let summary = try await importer.run(.organisation, file: file)
            #expect(summary.created == 1254)
            #expect(summary.warnings.contains { $0.contains("scotland-office") })
            let ons = try await storage.records.get(Organisation.self, id: "office-for-national-statistics")
            #expect(ons.parentIds == ["uk-statistics-authority"] && ons.shortName == "ONS" && ons.status == .exempt)
            #expect(ons.kind == .nationalStatisticsInstitute)
            let academy = try await storage.records.get(Organisation.self, id: "academy-for-justice-commissioning")
            #expect(
                academy.status == .closed && academy.supersededByIds == ["academy-for-social-justice-commissioning"])
            #expect(try await total(Organisation.self, ["parent": "ministry-of-justice"], in: storage.records) > 10)
            let several = try await everything(Organisation.self, in: storage.records).filter { $0.parentIds.count > 1 }
            #expect(several.count == 45)
            #expect(
                try await storage.records.get(Organisation.self, id: "welsh-government").kind == .devolvedGovernment)
            // A body whose parents all lead to one devolved government serves that nation; one with a parent
            // elsewhere too serves the UK.
            for (id, nations) in [
                ("welsh-government", [Nation.wales]), ("natural-resources-wales", [.wales]),
                ("northern-ireland-statistics-and-research-agency", [.northernIreland]),
                ("legal-services-agency-northern-ireland", [.northernIreland]),
                ("uk-co-ordinating-body", []), ("office-for-national-statistics", []),
            ] {
                #expect(try await storage.records.get(Organisation.self, id: id).nations == nations, "\(id)")
            }
            #expect(try await importer.run(.organisation, file: file).unchanged == 1254)
        }
    }

    @Test(
        "Each of the 60 ONS indicators gets per-nation coverage and finest level from its area codes",
        arguments: TestDatabase.engines)
    func indicators(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let importer = Importer(repository: storage.records)
            _ = try await importer.run(.organisation, file: SharedData.url("govuk-organisations.csv"))
            let file = SharedData.url("els-json-stat-metadata.json")
            let summary = try await importer.run(.dataset, file: file)
            #expect(summary.created == 60)
            #expect(summary.alsoCreated[.organisation] == 3)  // NI departments and Skills Development Scotland are not on GOV.UK
            let expected = try IndicatorOracle.load(file)
            #expect(expected.count == 60)
            for (id, indicator) in expected {
                let dataset = try await storage.records.get(Dataset.self, id: id)
                #expect(dataset.coverage.map(\.nation) == Nation.allCases)
                for entry in dataset.coverage {
                    let want = indicator.coverage[entry.nation]
                    #expect(entry.covered == (want != nil), "\(id) \(entry.nation)")
                    #expect(entry.finestLevel == want?.level, "\(id) \(entry.nation)")
                    #expect(entry.areaCount == (want?.count ?? 0), "\(id) \(entry.nation)")
                }
                #expect(dataset.title == indicator.label && !dataset.producerIds.isEmpty && dataset.themeIds.count == 1)
            }
            // E06–E09 and W06 codes but only N92 for Northern Ireland: local authorities there, country level in NI.
            let inactivity = try await storage.records.get(Dataset.self, id: "economic-inactivity-rate")
            #expect(
                inactivity.coverage.map { $0.finestLevel } == [
                    .localAuthority, .localAuthority, .localAuthority, .country,
                ])
            #expect(inactivity.producerIds == ["office-for-national-statistics"])
            #expect(inactivity.temporalStart == "2004-01-01" && inactivity.temporalEnd == "2023-12-31")
            let wales = try await storage.records.get(Dataset.self, id: "net-additions-housing-stock-wales")
            #expect(
                wales.coverage.filter(\.covered).map(\.nation) == [.wales] && wales.producerIds == ["welsh-government"])
            let exports = try await storage.records.get(Dataset.self, id: "value-uk-exports")
            #expect(exports.coverage.map(\.finestLevel) == [.combinedAuthority, .itl3, .itl3, .itl3])  // ITL codes, and E47 in England
            #expect(
                try await total(Dataset.self, ["nation": "northern-ireland", "level": "country"], in: storage.records)
                    >= 1)
            #expect(try await importer.run(.dataset, file: file).unchanged == 60)
        }
    }

    @Test(
        "ONS context records, a CKAN package and the statistics.gov.scot list import", arguments: TestDatabase.engines)
    func catalogues(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let importer = Importer(repository: storage.records)
            let context = try await importer.run(.dataset, file: SharedData.url("els-dataset-context-metadata.json"))
            #expect(context.created == 15)
            let homicide = try await storage.records.get(Dataset.self, id: "homicide-offences")
            #expect(homicide.coverage.filter(\.covered).map(\.nation) == [.england, .wales])
            #expect(
                homicide.coverage[0].finestLevel == .itl1 && homicide.producerIds == ["office-for-national-statistics"])
            let housing = try await storage.records.get(Dataset.self, id: "additions-to-the-housing-stock")
            #expect(housing.designation == .officialStatisticsInDevelopment && housing.temporalStart == "2022-04-01")
            #expect(housing.producerIds == ["department-for-levelling-up-housing-and-communities"])
            #expect(housing.coverage[0].finestLevel == .localAuthority && !housing.coverage[1].covered)

            let ckan = try await importer.run(.dataset, file: SharedData.url("datagovuk-package-sample.json"))
            #expect(ckan.created == 1)
            let package = try await storage.records.get(
                Dataset.self, id: "performance-related-pay-department-for-communities-and-local-government")
            #expect(
                package.coverage.filter(\.covered).map(\.nation) == [.england]
                    && package.coverage[0].finestLevel == .country)
            #expect(package.url == "https://www.gov.uk/government/collections/dclg-performance-related-pay")
            #expect(package.temporalStart == "2010-04-01" && package.frequency == .annual)

            let scot = try await importer.run(.dataset, file: SharedData.url("statistics-gov-scot-datasets.csv"))
            #expect(scot.created > 250)
            #expect(try await total(Dataset.self, ["nation": "scotland"], in: storage.records) >= scot.created)
        }
    }
    @Test(
        "The demo loads the reference data, and its records link up with the real ones; loading again changes nothing")
    func demo() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let lines = try await ReferenceData.load(from: SharedData.directory.path, into: storage.records)
            #expect(lines.count == ReferenceData.files.count && !lines.contains { $0.contains("not found") })
            let ons = try await storage.records.get(Organisation.self, id: "office-for-national-statistics")
            #expect(!ons.demo && ons.kind == .nationalStatisticsInstitute && !ons.memberships.isEmpty)  // the demo's own details stay
            #expect(ons.status == .exempt && ons.parentIds == ["uk-statistics-authority"])  // GOV.UK's are added
            // The same indicator for other nations ("… (Wales)", "… (Northern Ireland)") is linked as equivalent.
            let wales = try await storage.records.get(Dataset.self, id: "net-additions-housing-stock-wales")
            #expect(
                Set(wales.equivalents.map(\.datasetId)) == [
                    "net-additions-housing-stock", "net-additions-housing-stock-northern-ireland",
                ])
            #expect(wales.equivalents.allSatisfy { $0.comparability == .partially })
            // A body the indicators name but GOV.UK's list lacks is created serving the nation its name places it in.
            let finance = try await storage.records.get(Organisation.self, id: "northern-ireland-department-of-finance")
            #expect(finance.nations == [.northernIreland])
            let starts = try await storage.records.get(Dataset.self, id: "apprenticeship-starts")
            #expect(starts.equivalents.map(\.datasetId) == ["apprenticeship-starts-scotland"])
            #expect(try await total(Area.self, ["level": "local-authority"], in: storage.records) == 361)
            #expect(
                try await total(Dataset.self, ["producer": "office-for-national-statistics"], in: storage.records) > 25)
            let again = try await ReferenceData.load(from: SharedData.directory.path, into: storage.records)
            #expect(again.allSatisfy { $0.contains(" 0 created, 0 updated") })
        }
    }
}

/// An independent reading of the JSON-stat file: what each indicator's coverage should be.
enum IndicatorOracle {
    struct Expected {
        var label: String
        var coverage: [Nation: (level: GeographicLevel, count: Int)]
    }

    /// The level of each GSS entity prefix that appears in the file, written out by hand.
    static let levels: [String: GeographicLevel] = [
        "E92": .country, "W92": .country, "S92": .country, "N92": .country, "E12": .itl1, "E47": .combinedAuthority,
        "E10": .county, "E11": .county, "E06": .localAuthority, "E07": .localAuthority, "E08": .localAuthority,
        "E09": .localAuthority, "W06": .localAuthority, "S12": .localAuthority, "N09": .localAuthority,
    ]

    static func load(_ file: URL) throws -> [String: Expected] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        let items = (root["link"] as! [String: Any])["item"] as! [[String: Any]]
        var result: [String: Expected] = [:]
        for item in items {
            let id = (item["extension"] as! [String: Any])["slug"] as! String
            let index =
                (((item["dimension"] as! [String: Any])["areacd"] as! [String: Any])["category"] as! [String: Any])[
                    "index"] as! [String: Int]
            var coverage: [Nation: (level: GeographicLevel, count: Int)] = [:]
            for code in index.keys {
                let nation: Nation?
                let level: GeographicLevel
                if code.hasPrefix("TL") {
                    nation =
                        ["TLL": .wales, "TLM": .scotland, "TLN": .northernIreland][String(code.prefix(3))] ?? .england
                    level = [3: .itl1, 4: .itl2, 5: .itl3][code.count] ?? .other
                } else {
                    nation =
                        ["E": .england, "W": .wales, "S": .scotland, "N": .northernIreland][String(code.prefix(1))]
                    level = levels[String(code.prefix(3))] ?? .other
                }
                guard let nation else { continue }
                let current = coverage[nation]
                let finer = current.map { level.fineness > $0.level.fineness ? level : $0.level } ?? level
                coverage[nation] = (finer, (current?.count ?? 0) + 1)
            }
            result[id] = Expected(label: item["label"] as! String, coverage: coverage)
        }
        return result
    }
}

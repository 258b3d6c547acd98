/// Works out a dataset's spatial coverage from the areas it is published for.
extension NationCoverage {
    /// Coverage per nation (all four, in order) from area codes or GSS entity prefixes (`E06`, `W06`…).
    ///
    /// A nation is covered when any code belongs to it, and its finest level is the finest level among
    /// those codes; `areaCount` counts its distinct codes. UK, GB and England-and-Wales codes (`K…`)
    /// say nothing about one nation and are ignored. `alsoCovered` marks nations known to be covered
    /// (e.g. from a DCAT `spatial_coverage`) at country level at least.
    public static func derive(
        fromCodes codes: some Sequence<String>, alsoCovered: Set<Nation> = [], countAreas: Bool = true
    )
        -> [NationCoverage]
    {
        var finest: [Nation: GeographicLevel] = [:]
        var counts: [Nation: Set<String>] = [:]
        for raw in codes {
            let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
            guard !code.isEmpty, let nation = AreaCode.nation(of: code) else { continue }
            let level = AreaCode.level(of: code)
            if finest[nation].map({ $0 >= level }) != true { finest[nation] = level }
            counts[nation, default: []].insert(code)
        }
        for nation in alsoCovered where finest[nation] == nil {
            finest[nation] = .country
        }
        return Nation.allCases.map { nation in
            guard let level = finest[nation] else { return NationCoverage(nation: nation) }
            return NationCoverage(
                nation: nation, covered: true, finestLevel: level,
                areaCount: countAreas ? counts[nation]?.count ?? 0 : 0)
        }
    }

    /// The nations a UK-wide or national GSS code stands for: `K02` all four, `K03` Great Britain,
    /// `K04` England and Wales, a country code its own nation.
    public static func nations(coveredBy code: String) -> Set<Nation> {
        switch String(code.uppercased().prefix(3)) {
        case "K02": Set(Nation.allCases)
        case "K03": [.england, .wales, .scotland]
        case "K04": [.england, .wales]
        default: AreaCode.nation(of: code.uppercased()).map { [$0] } ?? []
        }
    }
}

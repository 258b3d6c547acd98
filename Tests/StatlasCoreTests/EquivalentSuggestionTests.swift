import StatlasCore
import Testing

@Suite("Suggested equivalents: the same statistic for other nations, found by title")
struct EquivalentSuggestionTests {
    static func dataset(_ id: String, _ title: String, _ nations: [Nation], keywords: [String] = []) -> Dataset {
        var d = Dataset()
        (d.id, d.title, d.keywords) = (id, title, keywords)
        d.coverage = nations.map { NationCoverage(nation: $0, covered: true, finestLevel: .localAuthority) }
        return d
    }

    @Test("Title stems drop places, stop words, case, accents and plural s")
    func stems() {
        #expect(
            EquivalentSuggestions.stem("Net additions to the housing stock (Wales)") == "net addition housing stock")
        #expect(
            EquivalentSuggestions.stem("Net additions to the housing stock (Northern Ireland)")
                == EquivalentSuggestions.stem("Net Additions to the Housing Stock in England"))
        #expect(EquivalentSuggestions.stem("House Prices – Scotland") == "house price")
        #expect(EquivalentSuggestions.stem("Crèche places") == "creche place")
        #expect(EquivalentSuggestions.stem("Business") == "business")
        #expect(EquivalentSuggestions.stem("(Wales)").isEmpty)
    }

    @Test(
        "Same stems and nested or mostly shared titles are suggested; other words, same nations and decided pairs are not"
    )
    func suggestions() {
        let subject = Self.dataset("obesity-en", "Adult obesity prevalence", [.england], keywords: ["Health"])
        let candidates = [
            Self.dataset("obesity-sc", "Adult obesity prevalence (Scotland)", [.scotland]),
            Self.dataset("obesity-uk", "Adult obesity prevalence (UK)", [.england]),  // same nations
            Self.dataset("obesity-wa", "Obesity prevalence", [.wales], keywords: ["health"]),  // nested
            Self.dataset("smoking-wa", "Adult smoking prevalence", [.wales]),  // a different word each side
            Self.dataset("none", "Adult obesity prevalence", []),  // covers nothing
        ]
        let found = EquivalentSuggestions.suggest(for: subject, among: candidates)
        #expect(found.map(\.datasetId) == ["obesity-sc", "obesity-wa"])
        #expect(found[0].reason == "The same title but for the place" && found[0].score == 1)
        #expect(found[0].nations == [.scotland])
        #expect(found[1].reason == "The same title but for the word “adult” and the place; shared keyword: health")
        #expect(
            EquivalentSuggestions.stems(for: subject) == [
                "adult obesity prevalence", "obesity prevalence", "adult prevalence", "adult obesity",
            ])

        var confirmed = subject
        confirmed.decide(.confirm, about: "obesity-sc")
        #expect(
            confirmed.equivalents == [
                Equivalent(
                    datasetId: "obesity-sc", comparability: .partially, note: "Confirmed from a suggested equivalent")
            ])
        #expect(EquivalentSuggestions.suggest(for: confirmed, among: candidates).map(\.datasetId) == ["obesity-wa"])
        // Dismissed from the other side: not suggested either way.
        var other = candidates[2]
        other.decide(.dismiss, about: "obesity-en")
        #expect(
            EquivalentSuggestions.suggest(for: subject, among: [candidates[0], other]).map(\.datasetId) == [
                "obesity-sc"
            ])
        // Dismissing what was confirmed takes it out of the equivalents; confirming again restores it once.
        confirmed.decide(.dismiss, about: "obesity-sc")
        #expect(confirmed.equivalents.isEmpty && confirmed.notEquivalentIds == ["obesity-sc"])
        confirmed.decide(.confirm, about: "obesity-sc")
        confirmed.decide(.confirm, about: "obesity-sc")
        #expect(confirmed.equivalents.count == 1 && confirmed.notEquivalentIds.isEmpty)
        #expect(confirmed.validate().isEmpty)
    }

    @Test("A coverage gap names a dataset with the same stem that covers the nation, until it is dismissed")
    func coverageGaps() {
        var england = Self.dataset("obesity-en", "Adult obesity prevalence", [.england])
        let scotland = Self.dataset("obesity-sc", "Adult obesity prevalence (Scotland)", [.scotland])
        let wales = Self.dataset("smoking-wa", "Adult smoking prevalence (Wales)", [.wales])
        func gap(_ datasets: [Dataset]) -> [SuggestedEquivalent]? {
            let report = CoverageAnalysis.analyse(
                CoverageSelection(datasetIds: ["obesity-en"]), datasets: datasets, organisations: [], areas: [])
            return report.gaps.first { $0.nation == .scotland }?.suggestedEquivalents
        }
        #expect(gap([england, scotland, wales])?.map(\.datasetId) == ["obesity-sc"])
        england.decide(.dismiss, about: "obesity-sc")
        #expect(gap([england, scotland, wales]) == nil)
        england.decide(.confirm, about: "obesity-sc")
        let report = CoverageAnalysis.analyse(
            CoverageSelection(datasetIds: ["obesity-en"]), datasets: [england, scotland, wales], organisations: [],
            areas: [])
        #expect(!report.gaps.contains { $0.nation == .scotland })
    }
}

import Foundation
import StatlasCore

/// The dataset page's own sections: coverage by nation (finest level and area count, with the gap where a
/// nation is covered more coarsely or not at all) and equivalents elsewhere, plus schema.org JSON-LD.
struct DatasetSections {
    let repository: any RecordRepository

    /// The sections; with `deciding`, each suggested equivalent has buttons to confirm or dismiss it.
    func build(_ dataset: Dataset, deciding: Bool = false, origin: String = "") async throws -> DetailExtras.Result {
        let finest = dataset.coverage.compactMap { $0.covered ? $0.finestLevel : nil }.max()
        let rows: [RowView] = dataset.coverage.map { entry in
            let level = entry.covered ? (entry.finestLevel?.label ?? "Level not recorded") : "Not covered"
            var gap = "None"
            if !entry.covered {
                gap = "No data for \(entry.nation.label)"
            } else if let finest, let mine = entry.finestLevel, mine < finest {
                gap = "Coarser than elsewhere (\(finest.label) elsewhere)"
            }
            return RowView([
                .text(entry.nation.label), .text(level), .text(entry.covered ? entry.areaCount.formatted() : "–"),
                .text(gap),
            ])
        }
        var sections = [
            SectionView(
                id: "coverage", heading: "Coverage by nation",
                table: TableView(
                    caption: "Coverage by nation", head: ["Nation", "Finest level", "Areas", "Gap"], rows: rows))
        ]
        // Equivalence is read both ways: a dataset another names as its equivalent is this one's too.
        let named = Set(dataset.equivalents.map(\.datasetId))
        let naming = try await repository.referrers(to: .dataset, id: dataset.id).filter {
            $0.kind == .dataset && $0.relation == "equivalent" && !named.contains($0.id)
        }
        let equivalents = try await repository.get(
            Dataset.self, ids: dataset.equivalents.map(\.datasetId) + naming.map(\.id))
        let byId = Dictionary(equivalents.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let incoming = naming.compactMap { referrer -> Equivalent? in
            byId[referrer.id]?.equivalents.first { $0.datasetId == dataset.id }.map {
                Equivalent(datasetId: referrer.id, comparability: $0.comparability, note: $0.note)
            }
        }
        let links: [LinkView] = (dataset.equivalents + incoming).map { entry in
            let other = byId[entry.datasetId]
            let nations = other.map { $0.coverage.filter(\.covered).map(\.nation.label).joined(separator: ", ") } ?? ""
            let note = [entry.comparability.label, nations.isEmpty ? nil : "covers \(nations)", entry.note].compactMap {
                $0
            }
            return LinkView(
                other?.title ?? entry.datasetId, href: RecordPaths.path(.dataset, entry.datasetId),
                note: note.joined(separator: "; "))
        }
        sections.append(
            SectionView.list(
                id: "equivalents", heading: "Equivalent datasets elsewhere", links: links,
                empty: "No equivalent datasets are recorded.", paragraphs: dataset.comparabilityNote.map { [$0] } ?? [])
        )
        if let suggested = try await suggestions(dataset, deciding: deciding) { sections.append(suggested) }
        let agents = Set(dataset.producerIds + (dataset.publisherId.map { [$0] } ?? []))
        let names = try await repository.titles([.organisation: agents])[.organisation] ?? [:]
        return DetailExtras.Result(
            sections: sections, jsonLD: JSONLD.dataset(dataset, origin: origin, organisationNames: names))
    }

    /// The likely equivalents not yet confirmed or dismissed, when there are any.
    func suggestions(_ dataset: Dataset, deciding: Bool) async throws -> SectionView? {
        let suggested = try await EquivalentSuggestions.suggest(for: dataset, in: repository)
        guard !suggested.isEmpty else { return nil }
        var section = SectionView(
            id: "suggested-equivalents", heading: "Suggested equivalents",
            paragraphs: [
                "Datasets that may publish the same statistic for other nations, found by their titles. "
                    + (deciding
                        ? "Confirm one to record it as an equivalent (partially comparable: change that on the edit page), or dismiss it so that it is not suggested again."
                        : "An editor for the organisation that maintains this dataset, or an administrator, can confirm or dismiss each.")
            ])
        section.decisions = suggested.map { s in
            DecisionView(
                text: s.title, href: RecordPaths.path(.dataset, s.datasetId),
                note: "Covers \(s.nations.map(\.label).joined(separator: ", ")). \(s.reason).", value: s.datasetId,
                action: deciding ? RecordPaths.path(.dataset, dataset.id) + "/suggested-equivalents" : nil)
        }
        section.hasDecisions = true
        return section
    }
}

/// The area page's list of datasets that cover the area at its level or finer.
struct AreaSections {
    let repository: any RecordRepository

    func datasets(_ area: Area) async throws -> SectionView {
        guard let nation = area.nation, let level = area.level else {
            return SectionView(
                id: "datasets", heading: "Datasets covering this area",
                empty: "The area's nation or level is not recorded.")
        }
        let finerLevels = GeographicLevel.allCases.filter { $0 != .other && $0 >= level }
        var links: [LinkView] = []
        var total = 0
        for finer in finerLevels {
            let page = try await repository.list(
                Dataset.self, ListQuery(filters: ["coverage": "\(nation.rawValue):\(finer.rawValue)"], limit: 50))
            total += page.total
            links += page.items.map {
                LinkView($0.title, href: RecordPaths.path(.dataset, $0.id), note: "down to \(finer.label.lowercased())")
            }
        }
        return SectionView.list(
            id: "datasets", heading: "Datasets covering this area (\(total))", links: links,
            empty: "No dataset in the register covers this area at this level.",
            paragraphs: ["Datasets published for \(nation.label) at \(level.label.lowercased()) level or finer."])
    }
}

import Foundation
import StatlasCore

/// The organisation page's view of its own place in the collaboration network: its partners and the
/// shared work behind each tie, its ego network drawn, and its structural-hole measures.
///
/// Partners and ties are read through the link tables for this organisation and its partners only; the
/// structural measures, which depend on the whole network, come from the network computed once per version of
/// the register (and say how current they are).
struct NetworkEgo {
    let repository: any RecordRepository
    let analyses: Analyses

    func section(_ organisation: Organisation) async throws -> SectionView {
        let (id, heading) = ("network", "Collaboration network")
        let ego = try await EgoNetworkService(repository: repository).network(of: organisation)
        guard !ego.edges.isEmpty else {
            return SectionView(
                id: id, heading: heading,
                empty:
                    "No collaboration, joint activity or network membership is recorded for \(organisation.name) yet.")
        }
        let (nodes, egoEdges) = (ego.organisations, ego.edges)
        let mine = ego.ties(of: organisation.id)
        let partners = Set(nodes.map(\.id))
        let egoNetwork = NetworkBuilder.analyse(organisations: nodes, edges: egoEdges, filter: NetworkFilter())
        let names = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        let among = egoEdges.count - mine.count
        let summary =
            "\(organisation.name) has ties with \(partners.count - 1) organisation\(partners.count == 2 ? "" : "s"); \(among) tie\(among == 1 ? " links" : "s link") those partners to each other."
        let drawing = NetworkDrawing(
            egoNetwork, colourBy: .kind, id: "ego-drawing", title: "\(organisation.name) and its partners",
            summary: summary, highlight: organisation.id)
        let rows: [RowView] = mine.sorted {
            $0.weight != $1.weight ? $0.weight > $1.weight : $0.source + $0.target < $1.source + $1.target
        }
        .map { edge in
            let other = names[edge.source == organisation.id ? edge.target : edge.source]
            return RowView([
                .link(other?.name ?? "", RecordPaths.path(.organisation, other?.id ?? "")),
                .text(other?.kind.label ?? ""),
                .text("\(edge.collaborations)"), .text("\(edge.activities)"), .text("\(edge.memberships)"),
            ])
        }
        var items: [(String, String)] = [("Partners (degree)", "\(partners.count - 1)")]
        var paragraphs = [summary]
        if let whole = try await analyses.storedNetwork() {
            if let node = whole.value.nodes.first(where: { $0.id == organisation.id }) {
                items += [
                    ("Effective size", NetworkSections.number(node.effectiveSize, 2)),
                    ("Constraint", NetworkSections.number(node.constraint)),
                    ("Core number", "\(node.coreNumber)"),
                ]
            }
            paragraphs.append(
                "Effective size, constraint and core number depend on the whole network. " + whole.freshness)
        } else {
            paragraphs.append(
                "Effective size, constraint and core number depend on the whole network, which is being computed now: reload the page shortly to see them."
            )
        }
        return SectionView(
            id: id, heading: heading, paragraphs: paragraphs,
            summaryList: SummaryListView(items: items.map { SummaryItemView(key: $0.0, value: $0.1) }),
            figure: drawing.figure(
                caption: summary + " Its disc has a yellow ring; the others are lettered by kind as in the key."),
            table: TableView(
                caption: "Partners of \(organisation.name)",
                head: [
                    "Partner", "Kind", "Shared collaborations", "Activities organised together", "Network memberships",
                ], rows: rows),
            links: [
                LinkView(
                    "Betweenness, closeness, community and brokerage for every organisation", href: "/network#measures")
            ])
    }
}

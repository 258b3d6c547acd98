import Foundation
import StatlasCore

/// The organisation page's view of its own place in the collaboration network: its partners and the
/// shared work behind each tie, its ego network drawn, and its structural-hole measures.
struct NetworkEgo {
    let repository: any RecordRepository

    func section(_ organisation: Organisation) async throws -> SectionView {
        let (id, heading) = ("network", "Collaboration network")
        let (nodes, edges) = NetworkBuilder.ties(
            organisations: try await repository.all(Organisation.self),
            collaborations: try await repository.all(Collaboration.self),
            activities: try await repository.all(Activity.self), filter: NetworkFilter())
        guard let ego = nodes.firstIndex(where: { $0.id == organisation.id }) else {
            return SectionView(
                id: id, heading: heading,
                empty:
                    "No collaboration, joint activity or network membership is recorded for \(organisation.name) yet.")
        }
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        let graph = Graph(
            count: nodes.count, edges: edges.map { (index[$0.source] ?? 0, index[$0.target] ?? 0, Double($0.weight)) })
        let mine = edges.filter { $0.source == organisation.id || $0.target == organisation.id }
        let partners = Set(mine.flatMap { [$0.source, $0.target] })
        let egoEdges = edges.filter { partners.contains($0.source) && partners.contains($0.target) }
        let egoNetwork = NetworkBuilder.analyse(
            organisations: nodes.filter { partners.contains($0.id) }, edges: egoEdges, filter: NetworkFilter())
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
        let items: [(String, String)] = [
            ("Partners (degree)", "\(graph.degree(ego))"),
            ("Effective size", NetworkSections.number(graph.effectiveSize(of: ego), 2)),
            ("Constraint", NetworkSections.number(graph.constraint(of: ego))),
            ("Core number", "\(graph.coreNumbers()[ego])"),
        ]
        return SectionView(
            id: id, heading: heading, paragraphs: [summary],
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

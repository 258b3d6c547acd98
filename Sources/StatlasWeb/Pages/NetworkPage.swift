import Foundation
import Hummingbird
import StatlasCore

/// `/network`: the collaboration network drawn, summarised and tabulated, with plain-English explanations,
/// filters and downloads.
struct NetworkPage {
    let repository: any RecordRepository
    let analyses: Analyses
    let pages: PageRenderer

    static let tableRows = 200

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/network", .everyone, query: NetworkQuery.parameters.map(\.name) + ["colour", "sort"], shared: true
        ) {
            request, context in try await show(request, context)
        }
    }

    func show(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        var parameters = context.query.parameters
        InsightForm.composeDates(&parameters, ["from", "to"])
        let colourBy = NetworkDrawing.ColourBy(rawValue: context.query.text("colour") ?? "") ?? .kind
        let themes = try await repository.index(.theme, limit: 300)
        let model = InsightPageView(
            heading: "Collaboration network",
            intro: [
                "Organisations are tied when they take part in the same collaboration, organise the same activity, or one belongs to a network the other is. Use it to find the brokers who connect groups, the organisations that are isolated, and whether producers in the four nations work together."
            ],
            action: "/network", submit: "Show network", hasFilters: true)
        return try await InsightForm.page(
            model, title: "Collaboration network", section: "/network", pages: pages, context: context, parameters,
            specs: InsightForm.networkSpecs, options: [.theme: themes], multiple: InsightForm.networkMultiple,
            parse: { try NetworkQuery.filter(parameters) },
            sections: { filter in
                let analysed = try await analyses.network(filter)
                let query = NetworkQuery.query(filter) + (colourBy == .community ? [("colour", "community")] : [])
                return NetworkSections(
                    network: analysed.value, colourBy: colourBy, query: query, sort: context.query.text("sort"),
                    freshness: analysed.freshness
                )
                .all()
            })
    }
}

/// The sections of the network page.
struct NetworkSections {
    let network: CollaborationNetwork
    let colourBy: NetworkDrawing.ColourBy
    let query: [(String, String)]
    let sort: String?
    /// How current the figures are.
    var freshness: String? = nil

    func all() -> [SectionView] {
        guard !network.nodes.isEmpty else {
            return [
                SectionView(
                    id: "network", heading: "No ties",
                    empty:
                        "No organisations are tied under these filters. Widen the dates, or include more kinds of work."
                )
            ]
        }
        return [
            overview(), drawing(), table(), meanings(),
            mixing(network.summary.byKind, id: "kinds", noun: "kind of organisation"),
            mixing(network.summary.byNation, id: "nations", noun: "nation"),
        ]
    }

    static func number(_ value: Double?, _ places: Int = 3) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(places)f", value)
    }

    var summarySentence: String {
        let s = network.summary
        var text =
            "\(s.nodes) organisations with \(s.edges) ties between them, in \(s.components) separate part\(s.components == 1 ? "" : "s")."
        if let broker = network.nodes.max(by: { ($0.betweenness, $1.id) < ($1.betweenness, $0.id) }),
            broker.betweenness > 0
        {
            text += " The strongest broker is \(broker.name)."
        }
        return text
    }

    func overview() -> SectionView {
        let s = network.summary
        let items: [(String, String)] = [
            ("Organisations", "\(s.nodes)"), ("Ties", "\(s.edges)"), ("Density", Self.number(s.density)),
            ("Separate parts (components)", "\(s.components)"), ("Communities", "\(s.communities)"),
            ("Modularity of the communities", Self.number(s.modularity)),
            ("E–I index by \(s.grouping == .kind ? "kind" : "nation")", Self.number(s.eiIndex)),
            ("Ties counted", s.weighted ? "Weighted by shared work" : "Each tie counts once"),
        ]
        return SectionView(
            id: "summary", heading: "Summary", paragraphs: [summarySentence] + (freshness.map { [$0] } ?? []),
            summaryList: SummaryListView(items: items.map { SummaryItemView(key: $0.0, value: $0.1) }))
    }

    func drawing() -> SectionView {
        let drawing = NetworkDrawing(
            network, colourBy: colourBy, title: "Collaboration network", summary: summarySentence)
        var caption =
            summarySentence
            + " Each disc is an organisation, lettered by \(colourBy == .kind ? "kind" : "community") as in the key; lines are ties, thicker for more shared work."
        if drawing.drawnNodes < network.nodes.count {
            caption +=
                " The drawing shows the \(drawing.drawnNodes) organisations with most ties; the table and downloads have all \(network.nodes.count)."
        }
        let base = "/api/v1/network?" + FormData.query(NetworkQuery.query(network.filter))
        let downloads: [(String, String)] = [
            ("CSV: organisations and measures", base + "&format=csv"), ("CSV: ties", base + "&format=ties-csv"),
            ("GraphML", base + "&format=graphml"), ("GEXF (Gephi)", base + "&format=gexf"), ("JSON", base),
        ]
        return SectionView(
            id: "drawing", heading: "The network", figure: drawing.figure(caption: caption),
            downloads: DownloadsView(downloads.map { LinkView($0.0, href: $0.1) }))
    }

    /// Sortable columns: key, heading, value, whether larger sorts first.
    static let columns:
        [(
            key: String, heading: String, text: @Sendable (NetworkNode) -> String,
            value: @Sendable (NetworkNode) -> Double?
        )] = [
            ("degree", "Ties (degree)", { "\($0.degree)" }, { Double($0.degree) }),
            ("degreeCentrality", "Degree centrality", { number($0.degreeCentrality) }, { $0.degreeCentrality }),
            ("betweenness", "Betweenness", { number($0.betweenness) }, { $0.betweenness }),
            ("closeness", "Closeness", { number($0.closeness) }, { $0.closeness }),
            ("eigenvector", "Eigenvector", { number($0.eigenvector) }, { $0.eigenvector }),
            ("constraint", "Constraint", { number($0.constraint) }, { $0.constraint }),
            ("effectiveSize", "Effective size", { number($0.effectiveSize, 2) }, { $0.effectiveSize }),
            ("coreNumber", "Core number", { "\($0.coreNumber)" }, { Double($0.coreNumber) }),
            ("community", "Community", { "\($0.community)" }, { -Double($0.community) }),
            ("brokerage", "Pairs brokered", { "\($0.brokerage.total)" }, { Double($0.brokerage.total) }),
            ("coordinator", "Coordinator", { "\($0.brokerage.coordinator)" }, { Double($0.brokerage.coordinator) }),
            ("itinerant", "Itinerant", { "\($0.brokerage.itinerant)" }, { Double($0.brokerage.itinerant) }),
            (
                "representative", "Representative / gatekeeper", { "\($0.brokerage.representative)" },
                { Double($0.brokerage.representative) }
            ),
            ("liaison", "Liaison", { "\($0.brokerage.liaison)" }, { Double($0.brokerage.liaison) }),
        ]

    func table() -> SectionView {
        let key = Self.columns.contains { $0.key == sort } || sort == "name" ? sort ?? "betweenness" : "betweenness"
        let column = Self.columns.first { $0.key == key }
        let nodes = network.nodes
        let values = column.map { column in nodes.map { column.value($0) ?? -.infinity } } ?? []
        // Names compared case- and accent-insensitively, folded once rather than at every comparison.
        let names =
            column == nil
            ? nodes.map { $0.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) } : []
        let shown = Self.first(NetworkPage.tableRows, of: nodes.count) { i, j in
            guard column != nil else { return names[i] < names[j] }
            return values[i] != values[j] ? values[i] > values[j] : nodes[i].name < nodes[j].name
        }
        func link(_ k: String) -> String {
            "/network?" + FormData.query(query.filter { $0.0 != "sort" } + [("sort", k)]) + "#measures"
        }
        let head =
            [
                SortHeadView(href: link("name"), text: "Organisation", ariaSort: key == "name" ? "ascending" : .none),
                SortHeadView(href: link("name"), text: "Kind"),
            ]
            + Self.columns.map {
                SortHeadView(
                    href: link($0.key), text: $0.heading,
                    ariaSort: $0.key == key ? Maybe($0.key == "community" ? "ascending" : "descending") : .none)
            }
        let rows: [RowView] = shown.map { nodes[$0] }.map { node in
            RowView(
                [.link(node.name, RecordPaths.path(.organisation, node.id)), .text(node.kind.label)]
                    + Self.columns.map { .text($0.text(node)) })
        }
        var paragraphs = [
            "Select a column heading to sort by it. Brokerage roles use \(network.summary.grouping == .kind ? "organisation kind" : "nation") as the group."
        ]
        if network.nodes.count > NetworkPage.tableRows {
            paragraphs.append(
                "Showing the first \(NetworkPage.tableRows) of \(network.nodes.count) organisations; the CSV download has them all."
            )
        }
        return SectionView(
            id: "measures", heading: "Measures for each organisation", paragraphs: paragraphs,
            table: TableView(caption: "Network measures for each organisation", sortHead: head, rows: rows))
    }

    /// The indices of the first `k` of `count` items in the order `before` (stable: of equals, the earlier
    /// first), without sorting or copying them all: a page shows 50 of 20,000 organisations.
    static func first(_ k: Int, of count: Int, by before: (Int, Int) -> Bool) -> [Int] {
        var best: [Int] = []
        best.reserveCapacity(k + 1)
        for i in 0..<count {
            if best.count == k, let last = best.last, !before(i, last) { continue }
            best.insert(i, at: best.firstIndex { before(i, $0) } ?? best.count)
            if best.count > k { best.removeLast() }
        }
        return best
    }

    func meanings() -> SectionView {
        let items: [(String, String)] = [
            (
                "Ties (degree)",
                "How many organisations it has worked with directly. Degree centrality is the same as a share of all the others."
            ),
            (
                "Betweenness",
                "Brokers: organisations that connect groups that are otherwise apart. It is the share of shortest routes between other pairs of organisations that pass through this one."
            ),
            (
                "Closeness",
                "How few steps it takes to reach everyone it can reach, scaled down when the network is in separate parts (Wasserman and Faust's version)."
            ),
            ("Eigenvector", "Connected to organisations that are themselves well connected."),
            (
                "Constraint",
                "How far its partners work with each other too (Burt). High: embedded in one closed group. Low: it spans gaps between groups."
            ),
            (
                "Effective size",
                "Its number of partners, less the overlap among them: the number of separate groups it reaches."
            ),
            (
                "Core number",
                "The most tightly knit layer it belongs to: the largest k for which it sits in a group where everyone has at least k ties inside the group."
            ),
            (
                "Community",
                "Groups of organisations that work more with each other than with the rest (Louvain method). Modularity above 0.3 usually marks clear communities."
            ),
            (
                "Brokerage roles",
                "For pairs of its partners who do not work together (Gould and Fernandez): coordinator, all three in one group; itinerant, it links two members of another group; representative or gatekeeper, it links its own group with another; liaison, all three groups differ."
            ),
            (
                "Density and E–I index",
                "Density is the share of possible ties that exist. The E–I index runs from −1 (every tie within a group) to +1 (every tie between groups)."
            ),
        ]
        return SectionView(
            id: "meanings", heading: "What the measures mean",
            definitions: DefinitionsView(items: items.map { DefinitionView(term: $0.0, text: $0.1) }))
    }

    func mixing(_ mixing: GroupMixing, id: String, noun: String) -> SectionView {
        let rows: [RowView] = mixing.groups.map { g in
            RowView(
                [
                    g.label, "\(g.nodes)", "\(g.internalTies)", "\(g.externalTies)", Self.number(g.density),
                    Self.number(g.eiIndex),
                ]
                .map { CellView.text($0) })
        }
        let pairs = mixing.pairs.filter { $0.ties > 0 }.sorted {
            $0.ties != $1.ties ? $0.ties > $1.ties : ($0.a, $0.b) < ($1.a, $1.b)
        }
        var links: [LinkView] = pairs.prefix(30).map {
            LinkView(
                "\($0.a) with \($0.b): \($0.ties) tie\($0.ties == 1 ? "" : "s"), density \(Self.number($0.density))")
        }
        if links.isEmpty { links = [LinkView("No ties between different groups.")] }
        return SectionView(
            id: id, heading: "Within and between each \(noun)",
            paragraphs: [
                "E–I index over the whole network: \(Self.number(mixing.eiIndex)). Ties between groups, most first:"
            ],
            table: TableView(
                caption: "Ties within and between each \(noun)",
                head: [
                    noun.prefix(1).uppercased() + noun.dropFirst(), "Organisations", "Ties within", "Ties with others",
                    "Density within", "E–I index",
                ],
                rows: rows),
            links: links)
    }
}

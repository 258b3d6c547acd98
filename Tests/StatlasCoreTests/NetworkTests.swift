import Foundation
import Testing

@testable import StatlasCore

/// Hand-computed cases for what NetworkX does not have (brokerage, E–I index, group densities) and for how
/// the network is built from the register (sources, filters, weights). The metrics NetworkX has are
/// compared with it in conformance/network_metrics.py.
@Suite struct NetworkTests {
    /// v (group A) tied to a1, a2 (A), b1, b2 (B) and c1 (C); a1–a2 tied. Nodes: v a1 a2 b1 b2 c1.
    static let star = Graph(count: 6, edges: [(0, 1, 1), (0, 2, 1), (0, 3, 1), (0, 4, 1), (0, 5, 1), (1, 2, 1)])
    static let groups = [0, 0, 0, 1, 1, 2]

    /// A thread of its own for seconds of work that never suspends (see `slicedEncodingIsTheWholeEncoding`).
    static let ownThread = AnalysisExecutor(name: "network-tests")

    /// A network of 2,500 organisations in a ring, with names that need escaping: written a slice at a time,
    /// it is the same JSON document as written whole, and decodes to the same network.
    ///
    /// Seven seconds of work in a debug build, twenty while the whole suite runs, none of it suspending: run on a
    /// thread of its own, so that it does not hold one of the two threads of Swift's shared pool on which the
    /// rest of the suite runs (a SQLite transaction of a two-instance test, waiting there for a thread, once held
    /// its lock past the other instance's 10 s busy timeout).
    @Test func slicedEncodingIsTheWholeEncoding() async throws {
        try await withTaskExecutorPreference(Self.ownThread) { try Self.slicedEncoding() }
    }

    static func slicedEncoding() throws {
        let orgs = (0..<2500).map { i in
            Self.organisation(String(format: "o%04d", i), i % 2 == 0 ? .localAuthority : .devolvedGovernment, [.wales])
        }.map { o -> Organisation in
            var named = o
            named.name = "Org \"\(o.id)\" <&> \u{301}é ]}, [{\\\" \\u0022"
            return named
        }
        let edges = (0..<2500).map { i in
            NetworkEdge(
                source: orgs[i].id, target: orgs[(i + 1) % 2500].id, weight: 1 + i % 3, collaborations: 1,
                activities: i % 3, memberships: 0)
        }
        let network = NetworkBuilder.analyse(organisations: orgs, edges: edges, filter: NetworkFilter())
        let sliced = try AnalyticsCache.encode(network)
        let whole = try AnalyticsCache.encoder.encode(network)
        #expect(
            try JSONDecoder().decode(JSONValue.self, from: sliced) == JSONDecoder().decode(JSONValue.self, from: whole))
        // Read back a slice at a time, from either encoding (whose members come in another order).
        for body in [sliced, whole] {
            let read = try AnalyticsCache.decodeResult(CollaborationNetwork.self, from: body)
            let standard = try AnalyticsCache.decoder.decode(CollaborationNetwork.self, from: whole)
            #expect(try Self.json(read.nodes) == Self.json(standard.nodes))
            #expect(read.edges == network.edges && read.filter == network.filter)
            #expect(try Self.json(read.summary) == Self.json(standard.summary))
        }
        let empty = CollaborationNetwork(filter: NetworkFilter(), nodes: [], edges: [], summary: network.summary)
        let back = try AnalyticsCache.decodeResult(CollaborationNetwork.self, from: AnalyticsCache.encode(empty))
        #expect(back.nodes.isEmpty && back.edges.isEmpty)
        #expect(throws: DecodingError.self) {
            try CollaborationNetwork.decodeSliced(Data(sliced.dropLast(9)), AnalyticsCache.decoder)
        }
        let decoded = try AnalyticsCache.decoder.decode(CollaborationNetwork.self, from: sliced)
        #expect(decoded.nodes.map { $0.id } == network.nodes.map { $0.id } && decoded.edges == network.edges)
        #expect(decoded.nodes.map { $0.name } == network.nodes.map { $0.name })
    }

    static func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: AnalyticsCache.encoder.encode(value))
    }

    @Test func brokerageByHand() {
        let b = Self.star.brokerage(groups: Self.groups)
        // Nine open pairs around v: a–b ×4 and a–c ×2 (v shares A with one end), b1–b2 (itinerant),
        // b–c ×2 (liaison); a1–a2 are tied, so no coordinator pair.
        #expect(b[0] == Brokerage(coordinator: 0, itinerant: 1, representative: 6, gatekeeper: 6, liaison: 2))
        #expect(b[0].total == 9)
        // a1's contacts v and a2 are tied to each other: nothing to broker.
        #expect(b[1] == Brokerage())
    }

    @Test func coordinatorWhenAllShareAGroup() {
        let path = Graph(count: 3, edges: [(0, 1, 1), (1, 2, 1)])
        #expect(path.brokerage(groups: [0, 0, 0])[1] == Brokerage(coordinator: 1))
        #expect(path.brokerage(groups: [0, 1, 0])[1] == Brokerage(itinerant: 1))
        #expect(path.brokerage(groups: [0, 1, 2])[1] == Brokerage(liaison: 1))
    }

    @Test func mixingByHand() {
        let m = Self.star.mixing(groups: Self.groups, labels: ["A", "B", "C"])
        // Ties within A: v–a1, v–a2, a1–a2 (3); between groups: v–b1, v–b2, v–c1 (3).
        #expect(m.eiIndex == 0)
        #expect(
            m.groups[0]
                == GroupMixing.Group(label: "A", nodes: 3, internalTies: 3, externalTies: 3, density: 1, eiIndex: 0))
        #expect(
            m.groups[1]
                == GroupMixing.Group(label: "B", nodes: 2, internalTies: 0, externalTies: 2, density: 0, eiIndex: 1))
        #expect(m.groups[2].density == nil && m.groups[2].eiIndex == 1)
        #expect(m.pairs.first { $0.a == "A" && $0.b == "B" }?.density == 2.0 / 6.0)
        #expect(m.pairs.first { $0.a == "B" && $0.b == "C" }?.ties == 0)
    }

    @Test func isolatesHaveUndefinedStructuralHoles() {
        let g = Graph(count: 3, edges: [(0, 1, 1)])
        #expect(g.constraint()[2] == nil && g.effectiveSize()[2] == nil)
        #expect(g.components().count == 2)
        #expect(g.pathMetrics().closeness[2] == 0)
    }

    @Test func parallelWorkAddsWeight() {
        let g = Graph(count: 2, edges: [(0, 1, 1), (1, 0, 1), (0, 0, 1)])
        #expect(g.edgeCount == 1 && g.weight(0, 1) == 2)
    }

    @Test func oneCoreAndTwoGiveTheSameBetweenness() {
        var random = SplitMix64(seed: 7)
        let edges = (0..<400).map { _ in (Int(random.next() % 120), Int(random.next() % 120), 1.0) }
        let g = Graph(count: 120, edges: edges)
        let one = g.pathMetrics(workers: 1)
        let two = g.pathMetrics(workers: 2)
        for v in 0..<120 {
            #expect(abs(one.betweenness[v] - two.betweenness[v]) < 1e-12)
            #expect(one.closeness[v] == two.closeness[v])
        }
    }

    @Test func louvainIsDeterministicAndFindsTwoCliques() {
        // Two 5-cliques joined by one tie.
        var edges: [(Int, Int, Double)] = []
        for base in [0, 5] {
            for a in base..<(base + 5) { for b in (a + 1)..<(base + 5) { edges.append((a, b, 1)) } }
        }
        edges.append((4, 5, 1))
        let g = Graph(count: 10, edges: edges)
        let communities = g.louvainCommunities()
        #expect(communities == g.louvainCommunities())
        #expect(
            Set(communities[0..<5]).count == 1 && Set(communities[5..<10]).count == 1
                && communities[0] != communities[5])
        // m = 21; each clique has 10 ties inside and total degree 21: Q = 2 × (10/21 − (21/42)²)
        #expect(abs(g.modularity(communities) - 2 * (10.0 / 21 - pow(21.0 / 42, 2))) < 1e-12)
    }

    static func organisation(_ id: String, _ kind: OrganisationKind, _ nations: [Nation], networks: [String] = [])
        -> Organisation
    {
        var o = Organisation()
        o.id = id
        o.name = id.uppercased()
        o.kind = kind
        o.nations = nations
        o.memberships = networks.map { Membership(networkId: $0) }
        return o
    }

    static let register: ([Organisation], [Collaboration], [Activity]) = {
        let orgs = [
            organisation("ons", .nationalStatisticsInstitute, [.england, .wales]),
            organisation("scotgov", .devolvedGovernment, [.scotland], networks: ["forum"]),
            organisation("leeds", .localAuthority, [.england], networks: ["forum"]),
            organisation("forum", .network, []),
            organisation("alone", .thirdSector, [.wales]),
        ]
        var c1 = Collaboration()
        c1.id = "c1"
        c1.kind = .dataSharing
        c1.start = CalendarDate("2022-01-01")
        c1.end = CalendarDate("2022-12-31")
        c1.themeIds = ["housing"]
        c1.participants = ["ons", "scotgov", "leeds"].map { Participant(organisationId: $0, role: .partner) }
        var c2 = Collaboration()
        c2.id = "c2"
        c2.kind = .methodsDevelopment
        c2.start = CalendarDate("2024-01-01")
        c2.participants = ["ons", "leeds"].map { Participant(organisationId: $0, role: .partner) }
        var a1 = Activity()
        a1.id = "a1"
        a1.start = CalendarDate("2024-03-01")
        a1.organiserIds = ["ons", "scotgov"]
        return (orgs, [c1, c2], [a1])
    }()

    static func ties(_ configure: (inout NetworkFilter) -> Void) -> (
        organisations: [Organisation], edges: [NetworkEdge]
    ) {
        var filter = NetworkFilter()
        configure(&filter)
        return NetworkBuilder.ties(
            organisations: register.0, collaborations: register.1, activities: register.2, filter: filter)
    }

    @Test func tiesFromEverySourceWithWeights() {
        let (orgs, edges) = Self.ties { _ in }
        #expect(orgs.map(\.id) == ["forum", "leeds", "ons", "scotgov"])  // "alone" has no tie
        let onsLeeds = edges.first { $0.source == "leeds" && $0.target == "ons" }
        #expect(onsLeeds?.weight == 2 && onsLeeds?.collaborations == 2)
        let onsScot = edges.first { $0.source == "ons" && $0.target == "scotgov" }
        #expect(onsScot?.weight == 2 && onsScot?.activities == 1)
        #expect(edges.filter { $0.memberships == 1 }.count == 2)
        #expect(Self.ties { $0.isolates = true }.organisations.count == 5)
    }

    @Test func filtersNarrowTheNetwork() {
        #expect(Self.ties { $0.sources = [.memberships] }.edges.count == 2)
        // A date range leaves out undated memberships and work outside it.
        let in2022 = Self.ties {
            $0.from = CalendarDate("2022-06-01")
            $0.to = CalendarDate("2022-06-30")
        }
        #expect(in2022.edges.count == 3 && in2022.edges.allSatisfy { $0.collaborations == 1 && $0.weight == 1 })
        #expect(Self.ties { $0.themeId = "housing" }.edges.count == 3)
        #expect(Self.ties { $0.collaborationKind = .methodsDevelopment }.edges.map(\.source) == ["leeds"])
        #expect(Self.ties { $0.nation = .england }.organisations.map(\.id) == ["leeds", "ons"])
        #expect(Self.ties { $0.organisationKind = .network }.edges.isEmpty)
    }

    @Test func analysisGroupsByNation() {
        var filter = NetworkFilter()
        filter.grouping = .nation
        let (orgs, edges) = NetworkBuilder.ties(
            organisations: Self.register.0, collaborations: Self.register.1, activities: Self.register.2, filter: filter
        )
        let network = NetworkBuilder.analyse(organisations: orgs, edges: edges, filter: filter)
        #expect(network.nodes.first { $0.id == "ons" }?.group == "England and Wales")
        #expect(network.nodes.first { $0.id == "forum" }?.group == "No nation recorded")
        #expect(network.summary.nodes == 4 && network.summary.edges == 5 && network.summary.components == 1)
        #expect(network.summary.byNation.groups.count == 4)
    }
}

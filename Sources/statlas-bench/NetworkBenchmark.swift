import Foundation
import StatlasCore

/// The synthetic register: organisations in 100 clusters (sectors and places); four in five collaborations
/// stay within a cluster; most have two participants, some three or four.
struct NetworkBenchmark {
    let organisations: Int
    let collaborations: Int
    let seed: UInt64
    let edgesPath: String?

    init(_ arguments: [String]) {
        let options = Options(arguments)
        organisations = options.int("organisations", 10_000)
        collaborations = options.int("collaborations", 50_000)
        seed = UInt64(options.int("seed", 1))
        edgesPath = options.values["edges"]
    }

    func register() -> ([Organisation], [Collaboration]) {
        var random = SplitMix64(seed: seed)
        let kinds = OrganisationKind.allCases
        let clusters = 100
        let orgs = (0..<organisations).map { i -> Organisation in
            var o = Organisation()
            o.id = String(format: "org-%05d", i)
            o.name = "Organisation \(i)"
            o.kind = kinds[Int(random.next() % UInt64(kinds.count))]
            o.nations = [Nation.allCases[Int(random.next() % 4)]]
            return o
        }
        let perCluster = max(1, organisations / clusters)
        let collabs = (0..<collaborations).map { i -> Collaboration in
            var c = Collaboration()
            c.id = String(format: "collab-%06d", i)
            c.title = "Collaboration \(i)"
            let size = [2, 2, 2, 2, 2, 2, 3, 3, 3, 4][Int(random.next() % 10)]
            let cluster = Int(random.next() % UInt64(clusters))
            var members = Set<Int>()
            while members.count < size {
                let local = random.next() % 5 != 0
                members.insert(
                    local
                        ? min(organisations - 1, cluster * perCluster + Int(random.next() % UInt64(perCluster)))
                        : Int(random.next() % UInt64(organisations)))
            }
            c.participants = members.sorted().map { Participant(organisationId: orgs[$0].id, role: .partner) }
            return c
        }
        return (orgs, collabs)
    }

    func run() throws {
        let ((orgs, collabs), generate) = timed { register() }
        var filter = NetworkFilter()
        filter.isolates = true
        let ((nodes, edges), build) = timed {
            NetworkBuilder.ties(organisations: orgs, collaborations: collabs, activities: [], filter: filter)
        }
        let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
        let graph = Graph(
            count: nodes.count, edges: edges.map { (index[$0.source]!, index[$0.target]!, Double($0.weight)) })
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let (paths, betweenness) = timed { graph.pathMetrics() }
        let (_, betweennessOneCore) = timed { graph.pathMetrics(workers: 1) }
        var parts: [String: Double] = [:]
        parts["eigenvector"] = timed { graph.eigenvectorCentrality() }.1
        parts["constraint"] = timed { graph.constraint() }.1
        parts["effective_size"] = timed { graph.effectiveSize() }.1
        parts["core_number"] = timed { graph.coreNumbers() }.1
        parts["louvain"] = timed { graph.louvainCommunities() }.1
        parts["brokerage"] = timed { graph.brokerage(groups: Grouping(nodes.map(\.kind.rawValue)).indices) }.1
        let (network, full) = timed { NetworkBuilder.analyse(organisations: nodes, edges: edges, filter: filter) }
        if let edgesPath {
            var text = ""
            for e in edges { text += "\(index[e.source]!) \(index[e.target]!)\n" }
            try text.write(toFile: edgesPath, atomically: true, encoding: .utf8)
        }
        let top = paths.betweenness.enumerated().max { $0.element < $1.element }
        try printJSON([
            "organisations": orgs.count, "collaborations": collabs.count, "nodes": network.summary.nodes,
            "edges": network.summary.edges, "components": network.summary.components,
            "modularity": network.summary.modularity, "cores": cores,
            "seconds": [
                "generate_register": generate, "build_ties": build, "full_metric_set": full,
                "betweenness_and_closeness": betweenness, "betweenness_one_core": betweennessOneCore,
            ].merging(parts) { a, _ in a },
            "max_betweenness": ["node": top?.offset ?? -1, "value": top?.element ?? 0],
            "betweenness_checksum": paths.betweenness.reduce(0, +),
        ])
    }
}

/// Every metric of a graph read from an edge list.
struct EdgeListMetrics {
    let path: String
    let weighted: Bool

    init(_ arguments: [String]) {
        let options = Options(arguments)
        path = options.positional.first ?? ""
        weighted = options.flags.contains("weighted")
    }

    func run() throws {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        var names: [String] = []
        var index: [String: Int] = [:]
        func node(_ name: String) -> Int {
            if let i = index[name] { return i }
            index[name] = names.count
            names.append(name)
            return names.count - 1
        }
        let edges = lines.compactMap { line -> (Int, Int, Double)? in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { return nil }
            return (node(parts[0]), node(parts[1]), parts.count > 2 ? Double(parts[2]) ?? 1 : 1)
        }
        let g = Graph(count: names.count, edges: edges)
        let paths = g.pathMetrics(weighted: weighted)
        let eigen = g.eigenvectorCentrality(weighted: weighted) ?? []
        let constraint = g.constraint(weighted: weighted)
        let effective = g.effectiveSize(weighted: weighted)
        let cores = g.coreNumbers()
        let communities = g.louvainCommunities(weighted: weighted)
        let degreeCentrality = g.degreeCentrality()
        var result: [String: Any] = [:]
        for (i, name) in names.enumerated() {
            result[name] =
                [
                    "degree_centrality": degreeCentrality[i], "betweenness": paths.betweenness[i],
                    "closeness": paths.closeness[i],
                    "eigenvector": eigen.isEmpty ? NSNull() : eigen[i], "constraint": constraint[i] ?? NSNull(),
                    "effective_size": effective[i] ?? NSNull(), "core_number": cores[i], "community": communities[i],
                ] as [String: Any]
        }
        try printJSON([
            "nodes": result, "modularity": g.modularity(communities, weighted: weighted), "density": g.density,
        ])
    }
}

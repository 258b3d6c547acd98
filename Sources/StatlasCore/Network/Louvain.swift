import Foundation

/// Community detection by the Louvain method (Blondel et al. 2008) and Newman's modularity, as
/// `nx.community.louvain_communities` and `nx.community.modularity` define them.
///
/// Louvain's result depends on the order nodes are visited. Rather than a random order, it makes `attempts`
/// runs with fixed orders (index order, then permutations from a fixed seed) and keeps the partition with
/// the highest modularity, so the same graph always gives the same communities. Levels are added while
/// modularity rises by more than `threshold`.
extension Graph {
    public func louvainCommunities(
        weighted: Bool = false, resolution: Double = 1, threshold: Double = 1e-7, attempts: Int = 5
    )
        -> [Int]
    {
        guard edgeCount > 0 else { return numbered(Array(0..<count)) }
        var best: (q: Double, membership: [Int])? = nil
        var random = SplitMix64(seed: 2_024)
        for attempt in 0..<max(1, attempts) {
            var order = Array(0..<count)
            if attempt > 0 { order.shuffle(using: &random) }
            let membership = louvain(order: order, weighted: weighted, resolution: resolution, threshold: threshold)
            let q = modularity(membership, weighted: weighted, resolution: resolution)
            if best.map({ q > $0.q }) ?? true { best = (q, membership) }
        }
        return numbered(best?.membership ?? Array(0..<count))
    }

    /// One Louvain run, visiting the first level's nodes in `order` (later levels in index order).
    private func louvain(order: [Int], weighted: Bool, resolution: Double, threshold: Double) -> [Int] {
        var membership = Array(0..<count)
        var level = LouvainLevel(self, weighted: weighted)
        var modularity = self.modularity(membership, weighted: weighted, resolution: resolution)
        var visit = order
        while true {
            let (moved, communities) = level.moveNodes(order: visit, resolution: resolution)
            guard moved else { break }
            membership = membership.map { communities[$0] }
            let next = self.modularity(membership, weighted: weighted, resolution: resolution)
            if next - modularity <= threshold { break }
            modularity = next
            level = level.aggregated(communities)
            visit = Array(0..<level.adjacency.count)
        }
        return membership
    }

    /// Q = Σ_c [L_c/m − γ (d_c/2m)²], with L_c the weight inside community c and d_c its total degree.
    /// 0 for a graph without edges.
    public func modularity(_ community: [Int], weighted: Bool = false, resolution: Double = 1) -> Double {
        var inside: [Int: Double] = [:]
        var degreeSum: [Int: Double] = [:]
        var total = 0.0
        for v in 0..<count {
            for i in offsets[v]..<offsets[v + 1] {
                let w = weighted ? weights[i] : 1
                total += w
                degreeSum[community[v], default: 0] += w
                if community[Int(neighbours[i])] == community[v] { inside[community[v], default: 0] += w }
            }
        }
        guard total > 0 else { return 0 }
        let m = total / 2
        var q = 0.0
        for (c, d) in degreeSum.sorted(by: { $0.key < $1.key }) {
            q += (inside[c] ?? 0) / 2 / m - resolution * d * d / (total * total)
        }
        return q
    }

    /// Renumbers communities from 1, largest first (ties by lowest node index).
    private func numbered(_ membership: [Int]) -> [Int] {
        var members: [Int: [Int]] = [:]
        for (v, c) in membership.enumerated() { members[c, default: []].append(v) }
        let order = members.values.sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
        var result = [Int](repeating: 0, count: count)
        for (index, nodes) in order.enumerated() {
            for v in nodes { result[v] = index + 1 }
        }
        return result
    }
}

/// One level of the Louvain method: a weighted graph whose nodes are the previous level's communities.
private struct LouvainLevel {
    var adjacency: [[(Int, Double)]]
    var selfLoops: [Double]
    /// Twice the total edge weight of the original graph.
    let twoM: Double

    init(_ g: Graph, weighted: Bool) {
        adjacency = (0..<g.count).map { v in g.adjacent(v).map { (Int($0.0), weighted ? $0.1 : 1) } }
        selfLoops = [Double](repeating: 0, count: g.count)
        twoM = adjacency.reduce(0) { $0 + $1.reduce(0) { $0 + $1.1 } }
    }

    /// Moves each node to the neighbouring community with the best modularity gain until none moves.
    /// Returns whether any node moved, and each node's community numbered from 0.
    func moveNodes(order: [Int], resolution: Double) -> (Bool, [Int]) {
        let n = adjacency.count
        let m = twoM / 2
        let degree = (0..<n).map { v in adjacency[v].reduce(2 * selfLoops[v]) { $0 + $1.1 } }
        var community = Array(0..<n)
        var total = degree
        var movedAny = false
        var toCommunity: [Int: Double] = [:]
        var seen: [Int] = []
        while true {
            var moves = 0
            for v in order {
                toCommunity.removeAll(keepingCapacity: true)
                seen.removeAll(keepingCapacity: true)
                for (u, w) in adjacency[v] where u != v {
                    if toCommunity[community[u]] == nil { seen.append(community[u]) }
                    toCommunity[community[u], default: 0] += w
                }
                let current = community[v]
                total[current] -= degree[v]
                let removeCost =
                    -(toCommunity[current] ?? 0) / m + resolution * total[current] * degree[v] / (2 * m * m)
                var best = current
                var bestGain = 0.0
                for c in seen {
                    let gain = removeCost + (toCommunity[c] ?? 0) / m - resolution * total[c] * degree[v] / (2 * m * m)
                    if gain > bestGain {
                        bestGain = gain
                        best = c
                    }
                }
                total[best] += degree[v]
                if best != current {
                    community[v] = best
                    moves += 1
                }
            }
            guard moves > 0 else { break }
            movedAny = true
        }
        var renumber: [Int: Int] = [:]
        let labels = community.map { c -> Int in
            if let k = renumber[c] { return k }
            renumber[c] = renumber.count
            return renumber.count - 1
        }
        return (movedAny, labels)
    }

    /// The graph of communities: edge weights summed, internal weight kept as self-loops.
    func aggregated(_ community: [Int]) -> LouvainLevel {
        let k = (community.max() ?? -1) + 1
        var weights = [[Int: Double]](repeating: [:], count: k)
        var loops = [Double](repeating: 0, count: k)
        for v in 0..<adjacency.count {
            loops[community[v]] += selfLoops[v]
            for (u, w) in adjacency[v] where u > v {
                let (a, b) = (community[v], community[u])
                if a == b {
                    loops[a] += w
                } else {
                    weights[a][b, default: 0] += w
                    weights[b][a, default: 0] += w
                }
            }
        }
        var next = self
        next.adjacency = weights.map { $0.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
        next.selfLoops = loops
        return next
    }
}

/// A small deterministic pseudo-random generator (SplitMix64), for reproducible orders and test data.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E9B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

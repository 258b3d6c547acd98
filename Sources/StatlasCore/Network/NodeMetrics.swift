import Foundation

/// Centrality and structural-hole measures that look only at each node's neighbourhood, or at the whole
/// adjacency matrix, defined as NetworkX defines them.
extension Graph {
    /// deg(v)/(n−1); a graph of one node gives it 1, as NetworkX does.
    public func degreeCentrality() -> [Double] {
        guard count > 1 else { return [Double](repeating: 1, count: count) }
        return (0..<count).map { Double(degree($0)) / Double(count - 1) }
    }

    /// 2m/(n(n−1)); 0 for fewer than two nodes.
    public var density: Double {
        count > 1 ? 2 * Double(edgeCount) / (Double(count) * Double(count - 1)) : 0
    }

    /// Eigenvector centrality: the principal eigenvector of the adjacency matrix (or of tie weights), positive
    /// and of unit length — what `nx.eigenvector_centrality_numpy` computes exactly. Found by power iteration
    /// on A + I (the shift keeps bipartite graphs from oscillating) from the uniform vector, run not to
    /// NetworkX's loose stopping rule (which leaves errors near 1e-5) but until the error left, estimated from
    /// how fast successive changes shrink, is below `tolerance`. Nil when it does not settle in `maxIterations`.
    public func eigenvectorCentrality(weighted: Bool = false, maxIterations: Int = 20_000, tolerance: Double = 1e-12)
        -> [Double]?
    {
        guard count > 0 else { return [] }
        var x = [Double](repeating: 1 / Double(count).squareRoot(), count: count)
        var next = [Double](repeating: 0, count: count)
        var lastChange = Double.infinity
        for _ in 0..<maxIterations {
            for v in 0..<count {
                var sum = x[v]
                for i in offsets[v]..<offsets[v + 1] { sum += x[Int(neighbours[i])] * (weighted ? weights[i] : 1) }
                next[v] = sum
            }
            var norm = (next.reduce(0) { $0 + $1 * $1 }).squareRoot()
            if norm == 0 { norm = 1 }
            var change = 0.0
            for v in 0..<count {
                next[v] /= norm
                change = max(change, abs(next[v] - x[v]))
            }
            swap(&x, &next)
            // The error shrinks geometrically by the ratio r of successive changes; what is left is about
            // change × r / (1 − r).
            let ratio = lastChange.isFinite && lastChange > 0 ? min(change / lastChange, 0.999_999) : 0.5
            if change == 0 || (change < 1e-9 && change * ratio / (1 - ratio) < tolerance) { return x }
            lastChange = change
        }
        return nil
    }

    /// Burt's constraint: Σ_j (p_ij + Σ_q p_iq p_qj)², where p_ij is the share of i's ties (or tie weight)
    /// that go to j. Nil (undefined) for an isolated node.
    public func constraint(weighted: Bool = false) -> [Double?] {
        (0..<count).map { constraint(of: $0, weighted: weighted) }
    }

    /// Burt's constraint of one node.
    public func constraint(of i: Int, weighted: Bool = false) -> Double? {
        let range = offsets[i]..<offsets[i + 1]
        guard !range.isEmpty else { return nil }
        let own = strength(i, weighted: weighted)
        let contactTotals = range.map { strength(Int(neighbours[$0]), weighted: weighted) }
        var total = 0.0
        for a in range {
            let j = Int(neighbours[a])
            var indirect = 0.0
            for b in range {
                let q = Int(neighbours[b])
                guard q != j, let qj = entry(q, j) else { continue }
                indirect += tie(b, weighted) / own * (tie(qj, weighted) / contactTotals[b - range.lowerBound])
            }
            let local = tie(a, weighted) / own + indirect
            total += local * local
        }
        return total
    }

    /// Burt's effective size: the number of contacts less their redundancy. Unweighted it is Borgatti's
    /// n − 2t/n (t ties among the n contacts); weighted it is Σ_j (1 − Σ_q p_iq m_jq), with m_jq the tie
    /// weight relative to j's strongest tie. Nil for an isolated node.
    public func effectiveSize(weighted: Bool = false) -> [Double?] {
        (0..<count).map { effectiveSize(of: $0, weighted: weighted) }
    }

    /// Burt's effective size of one node.
    public func effectiveSize(of i: Int, weighted: Bool = false) -> Double? {
        let range = offsets[i]..<offsets[i + 1]
        guard !range.isEmpty else { return nil }
        guard weighted else {
            var ties = 0
            for a in range {
                for b in (a + 1)..<range.upperBound where adjacent(Int(neighbours[a]), Int(neighbours[b])) { ties += 1 }
            }
            return Double(range.count) - 2 * Double(ties) / Double(range.count)
        }
        let own = strength(i, weighted: true)
        var total = 0.0
        for a in range {
            let j = Int(neighbours[a])
            let strongest = weights[offsets[j]..<offsets[j + 1]].max() ?? 0
            var redundancy = 0.0
            for b in range {
                let q = Int(neighbours[b])
                guard q != j, strongest > 0 else { continue }
                redundancy += weights[b] / own * weight(j, q) / strongest
            }
            total += 1 - redundancy
        }
        return total
    }

    /// The weight of adjacency entry `e`, or 1 when unweighted.
    private func tie(_ e: Int, _ weighted: Bool) -> Double { weighted ? weights[e] : 1 }

    /// The total weight of v's ties (or their number when unweighted).
    public func strength(_ v: Int, weighted: Bool = true) -> Double {
        weighted ? weights[offsets[v]..<offsets[v + 1]].reduce(0, +) : Double(degree(v))
    }

    /// The core number of each node: the largest k such that it belongs to a subgraph where every node has
    /// degree at least k (Batagelj and Zaversnik's bucket algorithm).
    public func coreNumbers() -> [Int] {
        var deg = (0..<count).map(degree)
        let maxDegree = deg.max() ?? 0
        var bins = [Int](repeating: 0, count: maxDegree + 1)
        for d in deg { bins[d] += 1 }
        var start = 0
        for d in 0...maxDegree {
            let size = bins[d]
            bins[d] = start
            start += size
        }
        var position = [Int](repeating: 0, count: count)
        var vertices = [Int](repeating: 0, count: count)
        for v in 0..<count {
            position[v] = bins[deg[v]]
            vertices[position[v]] = v
            bins[deg[v]] += 1
        }
        for d in stride(from: maxDegree, to: 0, by: -1) { bins[d] = bins[d - 1] }
        if maxDegree >= 0 && !bins.isEmpty { bins[0] = 0 }
        for i in 0..<count {
            let v = vertices[i]
            for a in offsets[v]..<offsets[v + 1] {
                let u = Int(neighbours[a])
                guard deg[u] > deg[v] else { continue }
                let du = deg[u]
                let pu = position[u]
                let pw = bins[du]
                let w = vertices[pw]
                if u != w {
                    position[u] = pw
                    vertices[pu] = w
                    position[w] = pu
                    vertices[pw] = u
                }
                bins[du] += 1
                deg[u] -= 1
            }
        }
        return deg
    }
}

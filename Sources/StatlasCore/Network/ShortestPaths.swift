import Dispatch
import Foundation

/// Betweenness and closeness centrality, from one shortest-path search per node (Brandes 2001), spread
/// over every processor core.
///
/// Definitions follow NetworkX: betweenness is normalised by (n−1)(n−2) over ordered pairs, which equals
/// dividing the undirected pair count by (n−1)(n−2)/2; closeness is Wasserman and Faust's version for
/// disconnected graphs, (r−1)/Σd × (r−1)/(n−1) where r counts the nodes reachable. When `weighted` is
/// true, an edge of weight w has length 1/w, so organisations that share more work are closer.
public struct PathMetrics: Sendable {
    public var betweenness: [Double]
    public var closeness: [Double]
}

extension Graph {
    public func pathMetrics(weighted: Bool = false, workers: Int = ProcessInfo.processInfo.activeProcessorCount)
        -> PathMetrics
    {
        let n = count
        let workerCount = max(1, min(workers, n))
        let partial = SharedBuffer(count: workerCount * n)
        let closeness = SharedBuffer(count: n)
        defer {
            partial.free()
            closeness.free()
        }
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            let search = SourceSearch(count: n, adjacencyEntries: neighbours.count)
            let sums = partial.base + worker * n
            var source = worker
            while source < n {
                let (reached, total) =
                    weighted ? search.dijkstra(self, from: source) : search.breadthFirst(self, from: source)
                search.accumulate(self, from: source, weighted: weighted, into: sums)
                if total > 0 && n > 1 {
                    let r = Double(reached - 1)
                    closeness.base[source] = (r / total) * (r / Double(n - 1))
                }
                search.reset()
                source += workerCount
            }
        }
        var betweenness = [Double](repeating: 0, count: n)
        for worker in 0..<workerCount {
            for v in 0..<n { betweenness[v] += partial.base[worker * n + v] }
        }
        if n > 2 {
            let scale = 1 / (Double(n - 1) * Double(n - 2))
            for v in 0..<n { betweenness[v] *= scale }
        }
        return PathMetrics(
            betweenness: betweenness, closeness: Array(UnsafeBufferPointer(start: closeness.base, count: n)))
    }
}

/// A zeroed buffer that workers write to at disjoint indices.
private final class SharedBuffer: @unchecked Sendable {
    let base: UnsafeMutablePointer<Double>

    init(count: Int) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: 0, count: max(count, 1))
    }

    func free() { base.deallocate() }
}

/// The per-worker state of one single-source shortest-path search, reused across sources. It works on raw
/// buffers (allocated once per worker) because this loop is the whole cost of betweenness on large graphs.
private final class SourceSearch {
    let n: Int
    let distance: UnsafeMutablePointer<Double>
    let sigma: UnsafeMutablePointer<Double>
    let delta: UnsafeMutablePointer<Double>
    let order: UnsafeMutablePointer<Int32>
    /// Shortest-path DAG edges (parent, child) found by the breadth-first search, in discovery order.
    let dag: UnsafeMutablePointer<Int32>
    var dagCount = 0
    var reached = 0
    var heap = MinHeap()

    init(count: Int, adjacencyEntries: Int) {
        n = max(count, 1)
        dag = .allocate(capacity: 2 * max(adjacencyEntries, 1))
        distance = .allocate(capacity: n)
        distance.initialize(repeating: -1, count: n)
        sigma = .allocate(capacity: n)
        sigma.initialize(repeating: 0, count: n)
        delta = .allocate(capacity: n)
        delta.initialize(repeating: 0, count: n)
        order = .allocate(capacity: n)
    }

    deinit {
        distance.deallocate()
        sigma.deallocate()
        delta.deallocate()
        order.deallocate()
        dag.deallocate()
    }

    /// Unweighted search; returns how many nodes were reached (the source included) and their total distance.
    func breadthFirst(_ g: Graph, from s: Int) -> (Int, Double) {
        g.offsets.withUnsafeBufferPointer { offsets in
            g.neighbours.withUnsafeBufferPointer { neighbours in
                distance[s] = 0
                sigma[s] = 1
                order[0] = Int32(s)
                reached = 1
                var head = 0
                var total = 0.0
                while head < reached {
                    let v = Int(order[head])
                    head += 1
                    let dv = distance[v]
                    let next = dv + 1
                    let sv = sigma[v]
                    total += dv
                    for i in offsets[v]..<offsets[v + 1] {
                        let u = Int(neighbours[i])
                        let du = distance[u]
                        if du < 0 {
                            distance[u] = next
                            order[reached] = Int32(u)
                            reached += 1
                        } else if du != next {
                            continue
                        }
                        sigma[u] += sv
                        dag[2 * dagCount] = Int32(v)
                        dag[2 * dagCount + 1] = Int32(u)
                        dagCount += 1
                    }
                }
                return (reached, total)
            }
        }
    }

    /// Weighted search (Dijkstra) with edge length 1/weight; `order` lists nodes as they are settled.
    func dijkstra(_ g: Graph, from s: Int) -> (Int, Double) {
        distance[s] = 0
        heap.push(0, s)
        reached = 0
        var total = 0.0
        while let (d, v) = heap.pop() {
            if d > distance[v] || sigma[v] < 0 { continue }
            sigma[v] = -1  // settled marker until sigma is computed below
            order[reached] = Int32(v)
            reached += 1
            total += d
            for i in g.offsets[v]..<g.offsets[v + 1] {
                let u = Int(g.neighbours[i])
                let candidate = d + 1 / g.weights[i]
                if distance[u] < 0 || candidate < distance[u] {
                    distance[u] = candidate
                    heap.push(candidate, u)
                }
            }
        }
        for k in 0..<reached { sigma[Int(order[k])] = 0 }
        sigma[s] = 1
        for k in 0..<reached {
            let v = Int(order[k])
            for i in g.offsets[v]..<g.offsets[v + 1] {
                let u = Int(g.neighbours[i])
                if distance[v] + 1 / g.weights[i] == distance[u] { sigma[u] += sigma[v] }
            }
        }
        return (reached, total)
    }

    /// Brandes' dependency accumulation over the search just made, adding to `sums`.
    func accumulate(_ g: Graph, from s: Int, weighted: Bool, into sums: UnsafeMutablePointer<Double>) {
        if !weighted {
            // Walk the DAG backwards: each child's dependency is complete before its parents are reached.
            var k = dagCount - 1
            while k >= 0 {
                let v = Int(dag[2 * k])
                let u = Int(dag[2 * k + 1])
                delta[v] += sigma[v] / sigma[u] * (1 + delta[u])
                k -= 1
            }
            for k in 0..<reached {
                let v = Int(order[k])
                if v != s { sums[v] += delta[v] }
            }
            return
        }
        g.offsets.withUnsafeBufferPointer { offsets in
            g.neighbours.withUnsafeBufferPointer { neighbours in
                g.weights.withUnsafeBufferPointer { weights in
                    var k = reached - 1
                    while k >= 0 {
                        let v = Int(order[k])
                        k -= 1
                        let dv = distance[v]
                        var dependency = 0.0
                        for i in offsets[v]..<offsets[v + 1] {
                            let u = Int(neighbours[i])
                            let next = weighted ? dv + 1 / weights[i] : dv + 1
                            if distance[u] == next { dependency += (1 + delta[u]) / sigma[u] }
                        }
                        delta[v] = sigma[v] * dependency
                        if v != s { sums[v] += delta[v] }
                    }
                }
            }
        }
    }

    func reset() {
        for k in 0..<reached {
            let v = Int(order[k])
            distance[v] = -1
            sigma[v] = 0
            delta[v] = 0
        }
        reached = 0
        dagCount = 0
    }
}

/// A binary min-heap of (distance, node).
private struct MinHeap {
    private var items: [(Double, Int)] = []

    mutating func push(_ key: Double, _ value: Int) {
        items.append((key, value))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].0 < items[parent].0 else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> (Double, Int)? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var smallest = i
                if l < items.count && items[l].0 < items[smallest].0 { smallest = l }
                if r < items.count && items[r].0 < items[smallest].0 { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }
}

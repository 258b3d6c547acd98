import Foundation

/// An undirected graph on nodes `0..<count`, stored as compressed adjacency (CSR) for fast traversal.
///
/// Parallel edges are merged: the weight of an edge is how many times it was added (the number of shared
/// collaborations, activities and memberships). There are no self-loops.
public struct Graph: Sendable {
    /// Number of nodes.
    public let count: Int
    /// `neighbours[offsets[v]..<offsets[v+1]]` are the neighbours of `v`, in ascending order.
    public let offsets: [Int]
    public let neighbours: [Int32]
    /// The weight of each adjacency entry, parallel to `neighbours`.
    public let weights: [Double]

    /// Builds the graph from weighted edges; repeated pairs add their weights, self-loops are dropped.
    public init(count: Int, edges: [(Int, Int, Double)]) {
        var merged: [Int: [Int: Double]] = [:]
        for (a, b, w) in edges where a != b {
            precondition(a >= 0 && a < count && b >= 0 && b < count, "edge endpoint out of range")
            merged[a, default: [:]][b, default: 0] += w
            merged[b, default: [:]][a, default: 0] += w
        }
        var offsets = [0]
        offsets.reserveCapacity(count + 1)
        var neighbours: [Int32] = []
        var weights: [Double] = []
        for v in 0..<count {
            for (u, w) in (merged[v] ?? [:]).sorted(by: { $0.key < $1.key }) {
                neighbours.append(Int32(u))
                weights.append(w)
            }
            offsets.append(neighbours.count)
        }
        self.count = count
        self.offsets = offsets
        self.neighbours = neighbours
        self.weights = weights
    }

    /// Number of distinct edges.
    public var edgeCount: Int { neighbours.count / 2 }

    public func degree(_ v: Int) -> Int { offsets[v + 1] - offsets[v] }

    /// The neighbours of `v` with edge weights.
    public func adjacent(_ v: Int) -> Zip2Sequence<ArraySlice<Int32>, ArraySlice<Double>> {
        zip(neighbours[offsets[v]..<offsets[v + 1]], weights[offsets[v]..<offsets[v + 1]])
    }

    /// The position in `neighbours` of `b` among `a`'s neighbours (binary search), or nil when not adjacent.
    public func entry(_ a: Int, _ b: Int) -> Int? {
        var low = offsets[a]
        var high = offsets[a + 1]
        let target = Int32(b)
        while low < high {
            let mid = (low + high) / 2
            if neighbours[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < offsets[a + 1] && neighbours[low] == target ? low : nil
    }

    /// The weight of the edge between `a` and `b`, or 0 when they are not adjacent.
    public func weight(_ a: Int, _ b: Int) -> Double { entry(a, b).map { weights[$0] } ?? 0 }

    public func adjacent(_ a: Int, _ b: Int) -> Bool { entry(a, b) != nil }

    /// Every edge once, as `(a, b, weight)` with `a < b`.
    public var edges: [(Int, Int, Double)] {
        var result: [(Int, Int, Double)] = []
        for a in 0..<count {
            for (b, w) in adjacent(a) where Int(b) > a { result.append((a, Int(b), w)) }
        }
        return result
    }

    /// The connected component of each node (numbered from 0 in order of first node) and how many there are.
    public func components() -> (labels: [Int], count: Int) {
        var labels = [Int](repeating: -1, count: count)
        var next = 0
        var queue: [Int] = []
        for start in 0..<count where labels[start] < 0 {
            labels[start] = next
            queue = [start]
            var head = 0
            while head < queue.count {
                let v = queue[head]
                head += 1
                for (u, _) in adjacent(v) where labels[Int(u)] < 0 {
                    labels[Int(u)] = next
                    queue.append(Int(u))
                }
            }
            next += 1
        }
        return (labels, next)
    }
}

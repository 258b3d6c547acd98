import Foundation

/// Gould and Fernandez's brokerage roles for one organisation: how many pairs of its contacts, not tied to
/// each other, it stands between, by the groups of the three.
///
/// The roles are defined on directed paths a → v → b. In an undirected network each open pair {a, b} is
/// counted once: coordinator when all three share a group; itinerant when a and b share a group and v is
/// outside it; liaison when all three differ. When v shares a group with exactly one of a and b, the pair
/// is both a representative (for its own group) and a gatekeeper (for the other group) path — the roles
/// differ only by direction — so both counts include it, and `total` counts it once.
public struct Brokerage: Codable, Sendable, Equatable {
    public var coordinator = 0
    public var itinerant = 0
    public var representative = 0
    public var gatekeeper = 0
    public var liaison = 0

    public init(
        coordinator: Int = 0, itinerant: Int = 0, representative: Int = 0, gatekeeper: Int = 0, liaison: Int = 0
    ) {
        self.coordinator = coordinator
        self.itinerant = itinerant
        self.representative = representative
        self.gatekeeper = gatekeeper
        self.liaison = liaison
    }

    /// Open pairs brokered, each counted once.
    public var total: Int { coordinator + itinerant + representative + liaison }
}

/// How the ties of a network fall within and between groups (organisation kinds or nations).
public struct GroupMixing: Codable, Sendable, Equatable {
    /// One row per group, in the order of `labels`.
    public struct Group: Codable, Sendable, Equatable {
        public var label: String
        public var nodes: Int
        /// Ties with both ends in the group.
        public var internalTies: Int
        /// Ties with one end in the group.
        public var externalTies: Int
        /// Ties within the group over the pairs possible; nil with fewer than two members.
        public var density: Double?
        /// (external − internal)/(external + internal); nil when the group has no ties.
        public var eiIndex: Double?
    }

    /// The density of ties between two different groups: ties over n_a × n_b.
    public struct Pair: Codable, Sendable, Equatable {
        public var a: String
        public var b: String
        public var ties: Int
        public var density: Double
    }

    public var groups: [Group]
    public var pairs: [Pair]
    /// The E–I index of the whole network: ties between groups against ties within them.
    public var eiIndex: Double?
}

extension Graph {
    /// Brokerage counts for every node, with `group[v]` the group of node v.
    public func brokerage(groups group: [Int]) -> [Brokerage] {
        (0..<count).map { v in
            var result = Brokerage()
            let range = offsets[v]..<offsets[v + 1]
            for i in range {
                let a = Int(neighbours[i])
                for j in (i + 1)..<range.upperBound {
                    let b = Int(neighbours[j])
                    guard !adjacent(a, b) else { continue }
                    let (ga, gv, gb) = (group[a], group[v], group[b])
                    if ga == gv && gv == gb {
                        result.coordinator += 1
                    } else if ga == gb {
                        result.itinerant += 1
                    } else if gv == ga || gv == gb {
                        result.representative += 1
                        result.gatekeeper += 1
                    } else {
                        result.liaison += 1
                    }
                }
            }
            return result
        }
    }

    /// Ties within and between groups, with `group[v]` indexing `labels`.
    public func mixing(groups group: [Int], labels: [String]) -> GroupMixing {
        let k = labels.count
        var size = [Int](repeating: 0, count: k)
        for g in group { size[g] += 1 }
        var ties = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
        for (a, b, _) in edges {
            let (ga, gb) = (group[a], group[b])
            ties[min(ga, gb)][max(ga, gb)] += 1
        }
        var rows: [GroupMixing.Group] = []
        var pairs: [GroupMixing.Pair] = []
        var within = 0
        var between = 0
        for g in 0..<k {
            let internalTies = ties[g][g]
            let externalTies = (0..<k).reduce(0) { $1 == g ? $0 : $0 + ties[min(g, $1)][max(g, $1)] }
            within += internalTies
            let possible = size[g] * (size[g] - 1) / 2
            rows.append(
                GroupMixing.Group(
                    label: labels[g], nodes: size[g], internalTies: internalTies, externalTies: externalTies,
                    density: possible > 0 ? Double(internalTies) / Double(possible) : nil,
                    eiIndex: Self.eiIndex(external: externalTies, internal: internalTies)))
            for h in (g + 1)..<max(k, g + 1) where size[g] > 0 && size[h] > 0 {
                between += ties[g][h]
                pairs.append(
                    GroupMixing.Pair(
                        a: labels[g], b: labels[h], ties: ties[g][h],
                        density: Double(ties[g][h]) / (Double(size[g]) * Double(size[h]))))
            }
        }
        return GroupMixing(groups: rows, pairs: pairs, eiIndex: Self.eiIndex(external: between, internal: within))
    }

    static func eiIndex(external: Int, internal within: Int) -> Double? {
        external + within > 0 ? Double(external - within) / Double(external + within) : nil
    }
}

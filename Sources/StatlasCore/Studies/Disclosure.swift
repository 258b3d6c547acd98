import Foundation

/// A two-way table of counts before disclosure control: groups (rows, e.g. organisation kinds) by values
/// (columns, e.g. a question's options), with each group's base — the units in it, the percentages' denominator.
public struct CountTable: Sendable, Hashable {
    public var groups: [String]
    public var values: [String]
    /// `counts[group][value]`.
    public var counts: [[Int]]
    public var bases: [Int]
    /// True when each unit falls under exactly one value (a single-choice question), so that a group's counts add
    /// up to its base; false when a unit may count under several (multiple choice, codes).
    public var additive: Bool

    public init(groups: [String], values: [String], counts: [[Int]], bases: [Int], additive: Bool) {
        (self.groups, self.values, self.counts, self.bases, self.additive) = (groups, values, counts, bases, additive)
    }

    /// Each value's count over every group.
    public var columnTotals: [Int] { values.indices.map { v in counts.reduce(0) { $0 + $1[v] } } }

    /// Every unit in the table.
    public var total: Int { bases.reduce(0, +) }
}

/// A count as published: rounded, or suppressed (`[c]`) — primarily, resting on too few units, or secondarily,
/// so that a primary suppression cannot be recovered from the margins.
public enum PublishedCount: Sendable, Hashable {
    case count(Int)
    case suppressed(primary: Bool)

    /// The rounded count, nil when suppressed.
    public var value: Int? { if case .count(let n) = self { n } else { nil } }
    public var isSuppressed: Bool { value == nil }

    /// The one marker every suppressed cell has, whatever its value (STANDARDS.md rule 4).
    public static let marker = "[c]"

    /// The count as text: the number, or `[c]`.
    public var text: String { value.map(String.init) ?? Self.marker }
}

/// A warning on a table about group disclosure (STANDARDS.md rule 5): a group whose units all gave one answer, an
/// answer given in one group only, or a cell of 100%. The lead reads these before approving a finding.
public struct DisclosureFlag: Codable, Sendable, Hashable {
    public var kind: String
    public var group: String?
    public var value: String?
    public var message: String
}

/// A table after statistical disclosure control, cell by cell, with its margins (each group's base, each value's
/// total over groups, the grand total) rounded independently.
public struct DisclosedTable: Sendable, Hashable {
    public var cells: [[PublishedCount]]
    public var bases: [PublishedCount]
    public var columnTotals: [PublishedCount]
    public var total: PublishedCount
    public var flags: [DisclosureFlag]

    /// True when the cell's percentage (of its group's base) may be published: neither its count nor the base
    /// is suppressed.
    public func percentagePublished(_ group: Int, _ value: Int) -> Bool {
        !cells[group][value].isSuppressed && !bases[group].isSuppressed
    }
}

/// Statistical disclosure control of published counts (STANDARDS.md "Statistical disclosure control"): primary
/// suppression of counts resting on fewer than the threshold's units (zeros stay), rounding of the rest, and
/// secondary suppression until no suppressed cell can be worked out from the published cells and margins.
///
/// A suppressed cell can be worked out exactly when it is a bridge of the graph whose nodes are the table's rows
/// and columns (margins included) that carry a published sum and whose edges are the suppressed cells; rows and
/// columns without a sum meet in one free node. Every cell on a cycle of that graph can change along the cycle
/// without changing any sum, so it cannot be recovered; a bridge can.
public enum DisclosureControl {
    /// The table as it may be published under `thresholds`.
    public static func apply(_ table: CountTable, _ thresholds: DisclosureThresholds) -> DisclosedTable {
        let grid = Grid(table)
        var suppressed = grid.cells.map { row in row.map { $0 > 0 && $0 < thresholds.minimumCount } }
        let primary = suppressed
        var flags: [DisclosureFlag] = []
        var usedTotals = false
        // Each round protects one recoverable cell by suppressing another; at most every cell, so this ends.
        while let bridge = grid.bridges(suppressed).first {
            if let cell = grid.secondary(for: bridge, suppressed, allowTotals: false)
                ?? grid.secondary(for: bridge, suppressed, allowTotals: true)
            {
                if cell.row >= grid.groups || cell.column >= grid.values { usedTotals = true }
                suppressed[cell.row][cell.column] = true
            } else {
                break
            }
        }
        if usedTotals {
            flags.append(
                DisclosureFlag(
                    kind: "suppressed-total", group: nil, value: nil,
                    message: "A total is suppressed too: no other cell could protect a small count"))
        }
        func published(_ row: Int, _ column: Int) -> PublishedCount {
            suppressed[row][column]
                ? .suppressed(primary: primary[row][column])
                : .count(round(grid.cells[row][column], to: thresholds.rounding))
        }
        let g = grid.groups
        let v = grid.values
        let columnTotals = (0..<v).map { c in g > 1 ? published(g, c) : published(0, c) }
        return DisclosedTable(
            cells: (0..<g).map { r in (0..<v).map { published(r, $0) } },
            bases: (0..<g).map { published($0, v) },
            columnTotals: columnTotals,
            total: g > 1 ? published(g, v) : published(0, v),
            flags: flags + groupDisclosure(table))
    }

    /// `n` rounded to the nearest multiple of `base`, halves up.
    public static func round(_ n: Int, to base: Int) -> Int {
        guard base > 1 else { return n }
        return (n.multipliedReportingOverflow(by: 2).partialValue / base + 1) / 2 * base
    }

    /// Rows or columns with a single non-zero cell, and cells of 100% (rule 5).
    public static func groupDisclosure(_ table: CountTable) -> [DisclosureFlag] {
        var flags: [DisclosureFlag] = []
        for (r, group) in table.groups.enumerated() where table.bases[r] > 0 {
            let nonZero = table.values.indices.filter { table.counts[r][$0] > 0 }
            // Under multiple answers a lone non-zero cell says nothing of the rest of the group; 100% does.
            if nonZero.count == 1 && table.additive {
                let value = table.values[nonZero[0]]
                flags.append(
                    DisclosureFlag(
                        kind: "single-non-zero-row", group: group, value: value,
                        message: "Everyone counted in “\(StudyParticipant.label(group))” is under “\(value)”"))
            }
            for c in table.values.indices
            where table.counts[r][c] == table.bases[r] && (nonZero.count > 1 || !table.additive) {
                flags.append(
                    DisclosureFlag(
                        kind: "hundred-percent", group: group, value: table.values[c],
                        message: "“\(table.values[c])” is 100% of “\(StudyParticipant.label(group))”"))
            }
        }
        if table.groups.count > 1 {
            for (c, value) in table.values.enumerated() {
                let nonZero = table.groups.indices.filter { table.counts[$0][c] > 0 }
                if nonZero.count == 1 {
                    flags.append(
                        DisclosureFlag(
                            kind: "single-non-zero-column", group: table.groups[nonZero[0]], value: value,
                            message:
                                "Everyone under “\(value)” is in “\(StudyParticipant.label(table.groups[nonZero[0]]))”")
                    )
                }
            }
        }
        return flags
    }

    /// The table with its margins as one grid: rows are the groups and, when there are several, a row of column
    /// totals; columns are the values and a column of bases. Row `groups`, column `values` are the margins.
    struct Grid {
        let groups: Int
        let values: Int
        let additive: Bool
        /// `(groups + 1 or 1) × (values + 1)` exact counts.
        let cells: [[Int]]

        init(_ table: CountTable) {
            (groups, values, additive) = (table.groups.count, table.values.count, table.additive)
            var rows = table.counts.enumerated().map { $1 + [table.bases[$0]] }
            if groups > 1 { rows.append(table.columnTotals + [table.total]) }
            cells = rows
        }

        /// The graph node of a row (`0..<rows`) or column (`rows..<rows+columns`); the free node, `-1`, for a
        /// row or column whose sum is not published or does not hold.
        func rowNode(_ r: Int) -> Int { additive ? r : -1 }
        func columnNode(_ c: Int) -> Int { groups > 1 ? cells.count + c : -1 }

        /// The suppressed cells that can be worked out from the rest: bridges of the suppression graph.
        func bridges(_ suppressed: [[Bool]]) -> [(row: Int, column: Int)] {
            let graph = Graph(self, suppressed)
            return graph.edges.indices.filter { e in
                let (a, b) = graph.ends[e]
                return a != b && !graph.reachable(a, skipping: e).contains(b)
            }.map { graph.edges[$0] }
        }

        /// The cell to suppress next to protect `bridge`: the smallest non-zero cell that closes a cycle through
        /// it, else the smallest that shares its row or column (the cycle closes in a later round). Totals only
        /// when `allowTotals`, as a last resort.
        func secondary(for bridge: (row: Int, column: Int), _ suppressed: [[Bool]], allowTotals: Bool) -> (
            row: Int, column: Int
        )? {
            let graph = Graph(self, suppressed)
            guard let index = graph.edges.firstIndex(where: { $0 == bridge }) else { return nil }
            let sideA = graph.reachable(graph.ends[index].0, skipping: index)
            let sideB = graph.reachable(graph.ends[index].1, skipping: index)
            var closing: (row: Int, column: Int)?
            var touching: (row: Int, column: Int)?
            func smaller(_ cell: (row: Int, column: Int)?, _ r: Int, _ c: Int) -> Bool {
                cell.map { cells[r][c] < cells[$0.row][$0.column] } ?? true
            }
            for r in cells.indices {
                for c in cells[r].indices where !suppressed[r][c] && cells[r][c] > 0 {
                    if (r >= groups || c >= values) && !allowTotals { continue }
                    let (x, y) = (rowNode(r), columnNode(c))
                    if (sideA.contains(x) && sideB.contains(y)) || (sideB.contains(x) && sideA.contains(y)) {
                        if smaller(closing, r, c) { closing = (r, c) }
                    } else if (r == bridge.row || c == bridge.column) && smaller(touching, r, c) {
                        touching = (r, c)
                    }
                }
            }
            return closing ?? touching
        }
    }

    /// The suppressed cells of a grid as edges between its rows' and columns' nodes, with each node's edges.
    struct Graph {
        let edges: [(row: Int, column: Int)]
        let ends: [(Int, Int)]
        let adjacent: [Int: [(edge: Int, node: Int)]]

        init(_ grid: Grid, _ suppressed: [[Bool]]) {
            edges = grid.cells.indices.flatMap { r in
                grid.cells[r].indices.filter { suppressed[r][$0] }.map { (r, $0) }
            }
            ends = edges.map { (grid.rowNode($0.row), grid.columnNode($0.column)) }
            var adjacent: [Int: [(edge: Int, node: Int)]] = [:]
            for (e, (a, b)) in ends.enumerated() {
                adjacent[a, default: []].append((e, b))
                adjacent[b, default: []].append((e, a))
            }
            self.adjacent = adjacent
        }

        /// The nodes reachable from `start` without edge `skipped`.
        func reachable(_ start: Int, skipping skipped: Int) -> Set<Int> {
            var seen: Set<Int> = [start]
            var queue = [start]
            while let node = queue.popLast() {
                for (edge, next) in adjacent[node] ?? [] where edge != skipped && !seen.contains(next) {
                    seen.insert(next)
                    queue.append(next)
                }
            }
            return seen
        }
    }
}

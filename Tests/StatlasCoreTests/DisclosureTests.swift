import Foundation
import StatlasCore
import Testing

@Suite("Statistical disclosure control: suppression, rounding, secondary suppression, group disclosure")
struct DisclosureTests {
    let defaults = DisclosureThresholds()

    @Test("A one-way table: small counts become [c], a second cell protects a lone one, zeros and totals stay")
    func oneWay() {
        let table = CountTable(
            groups: ["All"], values: ["Yes", "No", "Unsure", "Never"], counts: [[23, 4, 41, 0]], bases: [68],
            additive: true)
        let result = DisclosureControl.apply(table, defaults)
        // 4 is primary; the smallest other non-zero cell (23) is secondary; the zero and the total stay.
        #expect(result.cells[0] == [.suppressed(primary: false), .suppressed(primary: true), .count(40), .count(0)])
        #expect(result.bases == [.count(70)] && result.total == .count(70))
        #expect(result.cells[0].map(\.text) == ["[c]", "[c]", "40", "0"])
        #expect(!result.percentagePublished(0, 0) && result.percentagePublished(0, 2))
        #expect(Self.recoverable(table, result).isEmpty)
        // The check can fail: without the second cell, the 4 is the base less the rest.
        var naive = result
        naive.cells[0][0] = .count(23)
        #expect(Self.recoverable(table, naive) == ["(0,1)"])
    }

    @Test("Multiple choice needs no second cell in one row: its counts do not add up to the base")
    func multipleChoice() {
        let table = CountTable(
            groups: ["All"], values: ["A", "B", "C"], counts: [[30, 3, 25]], bases: [40], additive: false)
        let result = DisclosureControl.apply(table, defaults)
        #expect(result.cells[0] == [.count(30), .suppressed(primary: true), .count(25)])
        #expect(Self.recoverable(table, result).isEmpty)
    }

    @Test("A two-way table: every row and column with a suppressed cell has another, never a zero or a total")
    func twoWay() {
        let table = CountTable(
            groups: ["Academia", "Local authority", "ONS"], values: ["Yes", "No"],
            counts: [[12, 3], [20, 15], [30, 11]], bases: [15, 35, 41], additive: true)
        let result = DisclosureControl.apply(table, defaults)
        #expect(result.cells[0][1] == .suppressed(primary: true))
        // The academia row needs a second cell (12) and the No column another (11, the smallest), whose row then
        // needs 30: a cycle of four cells, none of them a total.
        #expect(result.cells[0][0] == .suppressed(primary: false))
        #expect(result.cells[2][1] == .suppressed(primary: false))
        #expect(result.cells[2][0] == .suppressed(primary: false))
        #expect(result.cells[1] == [.count(20), .count(15)])
        #expect(result.bases == [.count(15), .count(35), .count(40)])
        #expect(result.columnTotals == [.count(60), .count(30)] && result.total == .count(90))
        #expect(Self.recoverable(table, result).isEmpty)
        #expect(!result.flags.contains { $0.kind == "suppressed-total" })
    }

    @Test("Rounding is to the nearest 5, halves up, and follows the study's thresholds")
    func rounding() {
        #expect(
            [0, 2, 3, 10, 12, 13, 17, 18, 1_002].map { DisclosureControl.round($0, to: 5) } == [
                0, 0, 5, 10, 10, 15, 15, 20, 1_000,
            ])
        #expect(DisclosureControl.round(7, to: 1) == 7 && DisclosureControl.round(15, to: 10) == 20)
        let strict = DisclosureThresholds(minimumCount: 20, rounding: 10, quoteMinimum: 10)
        let table = CountTable(
            groups: ["All"], values: ["A", "B", "C"], counts: [[15, 25, 34]], bases: [74], additive: true)
        let result = DisclosureControl.apply(table, strict)
        #expect(result.cells[0] == [.suppressed(primary: true), .suppressed(primary: false), .count(30)])
    }

    @Test("Group disclosure is flagged: a group under one value, a value in one group, a cell of 100%")
    func flags() {
        let table = CountTable(
            groups: ["Academia", "ONS"], values: ["Yes", "No"], counts: [[14, 0], [20, 11]], bases: [14, 31],
            additive: true)
        let kinds = DisclosureControl.apply(table, defaults).flags.map(\.kind)
        #expect(kinds.contains("single-non-zero-row"))
        let multi = CountTable(groups: ["All"], values: ["A", "B"], counts: [[20, 12]], bases: [20], additive: false)
        #expect(DisclosureControl.apply(multi, defaults).flags.map(\.kind) == ["hundred-percent"])
        let column = CountTable(
            groups: ["Academia", "ONS"], values: ["Yes", "No"], counts: [[14, 12], [20, 0]], bases: [26, 20],
            additive: true)
        #expect(
            DisclosureControl.apply(column, defaults).flags.contains {
                $0.kind == "single-non-zero-column" && $0.group == "Academia"
            })
    }

    @Test("Over 500 random tables, no suppressed cell can be recovered from the margins by linear algebra")
    func randomTables() {
        var generator = SplitMix64(seed: 20_261_207)
        var secondaries = 0
        for _ in 0..<500 {
            let groups = Int.random(in: 1...5, using: &generator)
            let values = Int.random(in: 2...5, using: &generator)
            let additive = Bool.random(using: &generator)
            let counts = (0..<groups).map { _ in
                (0..<values).map { _ in
                    [0, Int.random(in: 1...9, using: &generator), Int.random(in: 10...60, using: &generator)]
                        .randomElement(
                            using: &generator)!
                }
            }
            let bases = counts.map { row in
                additive
                    ? row.reduce(0, +)
                    : max(row.max() ?? 0, row.reduce(0, +) - Int.random(in: 0...5, using: &generator))
            }
            let table = CountTable(
                groups: (0..<groups).map { "G\($0)" }, values: (0..<values).map { "V\($0)" }, counts: counts,
                bases: bases, additive: additive)
            let result = DisclosureControl.apply(table, defaults)
            #expect(Self.recoverable(table, result).isEmpty, "\(counts) additive: \(additive)")
            for (g, row) in result.cells.enumerated() {
                for (v, cell) in row.enumerated() {
                    if case .suppressed(primary: false) = cell {
                        secondaries += 1
                        #expect(counts[g][v] > 0, "a zero was used as a secondary cell")
                    }
                    if case .suppressed(primary: true) = cell { #expect(counts[g][v] > 0 && counts[g][v] < 10) }
                    if case .count(let n) = cell { #expect(n % 5 == 0 && abs(n - counts[g][v]) <= 2) }
                }
            }
        }
        #expect(secondaries > 100)
    }

    /// The suppressed cells (interior and margins) whose exact value follows from the published cells and the
    /// sums that hold: those whose unit vector lies in the row space of the constraints restricted to the
    /// unknowns (Gaussian elimination over rationals, exact on these small integer matrices).
    static func recoverable(_ table: CountTable, _ result: DisclosedTable) -> [String] {
        let g = table.groups.count
        let v = table.values.count
        // The grid with margins: rows 0..<g and (several groups) the totals row; columns 0..<v and the bases.
        var grid: [[PublishedCount]] = result.cells.enumerated().map { $1 + [result.bases[$0]] }
        if g > 1 { grid.append(result.columnTotals + [result.total]) }
        var unknowns: [[Int]] = grid.map { $0.map { _ in -1 } }
        var names: [String] = []
        for r in grid.indices {
            for c in grid[r].indices where grid[r][c].isSuppressed {
                unknowns[r][c] = names.count
                names.append("(\(r),\(c))")
            }
        }
        guard !names.isEmpty else { return [] }
        // Each sum that holds: a row adds up to its base (additive tables); each column (several groups) to its
        // total; the totals row to the grand total (additive); the bases to the grand total.
        var constraints: [[Double]] = []
        func constraint(_ cells: [(Int, Int)], total: (Int, Int)) {
            var row = Array(repeating: 0.0, count: names.count)
            for (r, c) in cells where unknowns[r][c] >= 0 { row[unknowns[r][c]] += 1 }
            if unknowns[total.0][total.1] >= 0 { row[unknowns[total.0][total.1]] -= 1 }
            if row.contains(where: { $0 != 0 }) { constraints.append(row) }
        }
        let rows = g > 1 ? g + 1 : 1
        if table.additive { for r in 0..<rows { constraint((0..<v).map { (r, $0) }, total: (r, v)) } }
        if g > 1 { for c in 0...v { constraint((0..<g).map { ($0, c) }, total: (g, c)) } }
        let rank = Self.rank(constraints)
        return names.indices.filter { i in
            var unit = Array(repeating: 0.0, count: names.count)
            unit[i] = 1
            return Self.rank(constraints + [unit]) == rank
        }.map { names[$0] }
    }

    static func rank(_ matrix: [[Double]]) -> Int {
        var m = matrix
        var rank = 0
        guard let width = m.first?.count else { return 0 }
        for column in 0..<width {
            guard let pivot = (rank..<m.count).first(where: { abs(m[$0][column]) > 1e-9 }) else { continue }
            m.swapAt(rank, pivot)
            for r in m.indices where r != rank && abs(m[r][column]) > 1e-9 {
                let factor = m[r][column] / m[rank][column]
                for c in 0..<width { m[r][c] -= factor * m[rank][c] }
            }
            rank += 1
        }
        return rank
    }
}

import Foundation
import StatlasCore

/// Draws Mendelow's power/interest grid as SVG: four labelled quadrants, each stakeholder a numbered disc
/// in the cell of its latest assessment, with a dashed arrow from where the previous assessment put it.
/// The numbers match the table that goes with the drawing, so nothing depends on colour.
struct StakeholderGrid {
    let svg: String

    static let (left, top, width, height) = (90.0, 30.0, 600.0, 500.0)
    static let radius = 12.0

    /// The quadrant's position (top-left is high power, low interest) and its tint.
    static func quadrant(_ approach: EngagementApproach) -> (column: Int, row: Int, fill: String) {
        switch approach {
        case .keepSatisfied: (0, 0, "#fcf1d6")
        case .manageClosely: (1, 0, "#f6d7d2")
        case .monitor: (0, 1, "#f3f2f1")
        case .keepInformed: (1, 1, "#d2e2f1")
        }
    }

    /// The centre of a score's cell: interest runs left to right, power bottom to top.
    static func centre(power: Int, interest: Int) -> (x: Double, y: Double) {
        (left + (Double(interest) - 0.5) / 5 * width, top + (5.5 - Double(power)) / 5 * height)
    }

    init(_ placements: [StakeholderPlacement], title: String, summary: String, id: String = "stakeholder-grid") {
        let (l, t, w, h) = (Self.left, Self.top, Self.width, Self.height)
        let split = (x: l + 2 / 5 * w, y: t + 3 / 5 * h)
        var out = SVG.open(id: id, width: Int(l + w + 20), height: Int(t + h + 60), title: title, summary: summary)
        out +=
            "<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" fill=\"#0b0c0c\"/></marker></defs>"
        // Quadrants with their names.
        for approach in EngagementApproach.allCases {
            let q = Self.quadrant(approach)
            let x = q.column == 0 ? l : split.x
            let y = q.row == 0 ? t : split.y
            let qw = q.column == 0 ? split.x - l : l + w - split.x
            let qh = q.row == 0 ? split.y - t : t + h - split.y
            out +=
                "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(qw))\" height=\"\(SVG.n(qh))\" fill=\"\(q.fill)\" stroke=\"#505a5f\"/>"
            out +=
                "<text x=\"\(SVG.n(x + 8))\" y=\"\(SVG.n(y + 20))\" font-size=\"15\" font-weight=\"bold\" fill=\"#0b0c0c\">\(SVG.escape(approach.label))</text>"
        }
        // Axes: scores 1 to 5.
        out += "<g font-size=\"13\" fill=\"#0b0c0c\" text-anchor=\"middle\">"
        for score in 1...5 {
            let c = Self.centre(power: score, interest: score)
            out += "<text x=\"\(SVG.n(c.x))\" y=\"\(SVG.n(t + h + 20))\">\(score)</text>"
            out += "<text x=\"\(SVG.n(l - 14))\" y=\"\(SVG.n(c.y + 4))\">\(score)</text>"
        }
        out +=
            "<text x=\"\(SVG.n(l + w / 2))\" y=\"\(SVG.n(t + h + 46))\" font-size=\"15\">Interest (1 low to 5 high)</text>"
        out +=
            "<text transform=\"translate(\(SVG.n(l - 52)) \(SVG.n(t + h / 2))) rotate(-90)\" font-size=\"15\">Power (1 low to 5 high)</text></g>"
        // Several stakeholders in one cell are spread over it in rows.
        var cells: [String: [Int]] = [:]
        for (i, p) in placements.enumerated() {
            cells["\(p.current.power):\(p.current.interest)", default: []].append(i)
        }
        var points = Array(repeating: (x: 0.0, y: 0.0), count: placements.count)
        for members in cells.values {
            let columns = Int(Double(members.count).squareRoot().rounded(.up))
            let rows = (members.count + columns - 1) / columns
            let step = min(w / 5 / Double(columns + 1), h / 5 / Double(rows + 1), 2 * Self.radius + 6)
            for (k, i) in members.enumerated() {
                let c = Self.centre(power: placements[i].current.power, interest: placements[i].current.interest)
                let (col, row) = (k % columns, k / columns)
                points[i] = (
                    c.x + (Double(col) - Double(columns - 1) / 2) * step,
                    c.y + (Double(row) - Double(rows - 1) / 2) * step
                )
            }
        }
        out += "<g fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\">"
        for (i, p) in placements.enumerated() where p.moved {
            guard let previous = p.previous else { continue }
            let from = Self.centre(power: previous.power, interest: previous.interest)
            let to = points[i]
            let length = ((to.x - from.x) * (to.x - from.x) + (to.y - from.y) * (to.y - from.y)).squareRoot()
            guard length > Self.radius + 4 else { continue }
            let shorten = (length - Self.radius - 3) / length
            out +=
                "<line x1=\"\(SVG.n(from.x))\" y1=\"\(SVG.n(from.y))\" x2=\"\(SVG.n(from.x + (to.x - from.x) * shorten))\" y2=\"\(SVG.n(from.y + (to.y - from.y) * shorten))\" marker-end=\"url(#\(id)-arrow)\"/>"
        }
        out += "</g><g font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\">"
        for i in placements.indices {
            let (x, y) = points[i]
            out +=
                "<circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"\(SVG.n(Self.radius))\" fill=\"#1d70b8\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>"
            out += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + 4))\" fill=\"#ffffff\">\(i + 1)</text>"
        }
        out += "</g></svg>"
        svg = out
    }
}

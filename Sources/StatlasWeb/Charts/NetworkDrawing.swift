import Foundation
import StatlasCore

/// Draws a collaboration network as SVG: ties as lines, organisations as lettered discs coloured by group,
/// positioned by the deterministic force-directed layout. Large networks are drawn for their best-connected
/// organisations only (the table lists them all).
struct NetworkDrawing {
    /// How nodes are grouped for colour and letter.
    enum ColourBy: String { case kind, community }

    struct LegendEntry {
        let marker: String
        let colour: String
        let label: String
        let count: Int
    }

    let svg: String
    let legend: [LegendEntry]
    let drawnNodes: Int

    static let maxNodes = 150
    static let maxGroups = 12

    init(
        _ network: CollaborationNetwork, colourBy: ColourBy, id: String = "network-drawing", title: String,
        summary: String,
        highlight: String? = nil
    ) {
        let chosen = network.nodes.indices.sorted { a, b in
            let (x, y) = (network.nodes[a], network.nodes[b])
            return x.degree != y.degree ? x.degree > y.degree : x.id < y.id
        }.prefix(Self.maxNodes).sorted()
        let position = Dictionary(uniqueKeysWithValues: chosen.enumerated().map { ($1, $0) })
        let index = Dictionary(uniqueKeysWithValues: network.nodes.enumerated().map { ($1.id, $0) })
        let edges = network.edges.compactMap { e -> (Int, Int, Double)? in
            guard let a = index[e.source].flatMap({ position[$0] }), let b = index[e.target].flatMap({ position[$0] })
            else { return nil }
            return (a, b, Double(e.weight))
        }
        let graph = Graph(count: chosen.count, edges: edges)
        let points = ForceLayout.positions(graph)
        // Groups: the largest first; beyond maxGroups they share the last entry.
        let keys = chosen.map { v in
            colourBy == .kind ? network.nodes[v].kind.label : "Community \(network.nodes[v].community)"
        }
        var counts: [String: Int] = [:]
        for key in keys { counts[key, default: 0] += 1 }
        var ordered = counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : $0 < $1 }
        var other = 0
        if ordered.count > Self.maxGroups {
            other = ordered[(Self.maxGroups - 1)...].reduce(0) { $0 + counts[$1]! }
            ordered = Array(ordered.prefix(Self.maxGroups - 1))
        }
        let groupIndex = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1, $0) })
        var legend = ordered.enumerated().map {
            LegendEntry(marker: SVG.marker($0), colour: SVG.colour($0), label: $1, count: counts[$1]!)
        }
        if other > 0 {
            legend.append(
                LegendEntry(
                    marker: "?", colour: "#505a5f", label: colourBy == .kind ? "Other kinds" : "Other communities",
                    count: other))
        }
        let (width, height, margin) = (800.0, 560.0, 24.0)
        func point(_ i: Int) -> (Double, Double) {
            (margin + points[i].x * (width - 2 * margin), margin + points[i].y * (height - 2 * margin))
        }
        var out = SVG.open(id: id, width: Int(width), height: Int(height), title: title, summary: summary)
        out += "<g class=\"chart-ties\" stroke=\"#8b9094\" stroke-opacity=\"0.7\">"
        for (a, b, w) in graph.edges {
            let (p, q) = (point(a), point(b))
            out +=
                "<line x1=\"\(SVG.n(p.0))\" y1=\"\(SVG.n(p.1))\" x2=\"\(SVG.n(q.0))\" y2=\"\(SVG.n(q.1))\" stroke-width=\"\(SVG.n(min(1 + log2(w), 5)))\"/>"
        }
        out += "</g><g class=\"chart-nodes\" font-size=\"10\" font-weight=\"bold\" text-anchor=\"middle\">"
        let labels = Self.placeLabels(
            chosen.map { network.nodes[$0].name },
            priority: chosen.indices.sorted { a, b in
                let (x, y) = (network.nodes[chosen[a]], network.nodes[chosen[b]])
                return x.degree != y.degree ? x.degree > y.degree : x.id < y.id
            }, at: chosen.indices.map(point), width: width, height: height)
        for (i, v) in chosen.enumerated() {
            let node = network.nodes[v]
            let g = groupIndex[keys[i]]
            let (x, y) = point(i)
            let colour = g.map(SVG.colour) ?? "#505a5f"
            let marker = g.map(SVG.marker) ?? "?"
            let ring =
                node.id == highlight
                ? " stroke=\"#ffdd00\" stroke-width=\"4\"" : " stroke=\"#ffffff\" stroke-width=\"1.5\""
            out += "<g><circle cx=\"\(SVG.n(x))\" cy=\"\(SVG.n(y))\" r=\"10\" fill=\"\(colour)\"\(ring)/>"
            out += "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + 3.5))\" fill=\"#ffffff\">\(marker)</text>"
            if let label = labels[i] {
                out +=
                    "<text x=\"\(SVG.n(label.x))\" y=\"\(SVG.n(label.y))\" text-anchor=\"\(label.anchor)\" fill=\"#0b0c0c\" font-weight=\"normal\">\(SVG.escape(label.text))</text>"
            }
            out += "</g>"
        }
        out += "</g></svg>"
        self.svg = out
        self.legend = legend
        self.drawnNodes = chosen.count
    }

    /// A name placed beside its disc.
    struct Label {
        let text: String
        let x, y: Double
        let anchor: String
    }

    /// How many of the most connected organisations may be named on the drawing.
    static let maxLabels = 60

    /// Names placed so that none overlaps another name or any disc, nor runs off the drawing: in `priority`
    /// order (the most connected organisations first), each below, above, right or left of its disc, whichever is free first.
    /// An organisation with no free place is left unnamed: its disc's letter keys it to the table, which lists
    /// every organisation.
    static func placeLabels(
        _ names: [String], priority: [Int], at points: [(Double, Double)], width: Double, height: Double
    ) -> [Int: Label] {
        typealias Box = (x0: Double, y0: Double, x1: Double, y1: Double)
        func overlaps(_ a: Box, _ b: Box) -> Bool { a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }
        var taken: [Box] = points.map { ($0.0 - 11, $0.1 - 11, $0.0 + 11, $0.1 + 11) }  // every disc
        var result: [Int: Label] = [:]
        for i in priority.prefix(maxLabels) {
            let text = shortened(names[i])
            let w = Double(text.unicodeScalars.count) * 5.6 + 4
            let (x, y) = points[i]
            // Baselines and anchors of the four places; each box runs from 9 px above its baseline to 3 px below
            // (10 px type) and is as wide as the name.
            let places: [(x: Double, y: Double, anchor: String, box: Box)] = [
                (x, y + 22, "middle", (x - w / 2, y + 13, x + w / 2, y + 25)),
                (x, y - 14, "middle", (x - w / 2, y - 23, x + w / 2, y - 11)),
                (x + 14, y + 3, "start", (x + 12, y - 6, x + 14 + w, y + 6)),
                (x - 14, y + 3, "end", (x - 14 - w, y - 6, x - 12, y + 6)),
            ]
            for place in places {
                let box = place.box
                guard box.x0 >= 0, box.y0 >= 0, box.x1 <= width, box.y1 <= height else { continue }
                // The label's own disc is among the taken boxes, but no place overlaps it.
                guard !taken.contains(where: { overlaps($0, box) }) else { continue }
                taken.append(box)
                result[i] = Label(text: text, x: place.x, y: place.y, anchor: place.anchor)
                break
            }
        }
        return result
    }

    /// A name of at most 40 characters (Unicode scalars), cut at a word with "…" when longer.
    static func shortened(_ name: String) -> String {
        let scalars = Array(name.unicodeScalars)
        guard scalars.count > 40 else { return name }
        var cut = 39
        while cut > 20, !scalars[cut].properties.isWhitespace { cut -= 1 }
        var text = String(String.UnicodeScalarView(scalars[..<cut]))
        while text.unicodeScalars.last?.properties.isWhitespace == true { text.unicodeScalars.removeLast() }
        return text + "…"
    }

    /// The view model of the `figure` block in sections: the SVG, its caption and the key.
    func figure(caption: String) -> FigureView {
        FigureView(
            svg: svg, caption: caption,
            legend: legend.map { LegendView(colour: $0.colour, marker: $0.marker, label: $0.label, count: $0.count) })
    }
}

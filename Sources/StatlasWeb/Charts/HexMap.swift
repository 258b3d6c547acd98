import Foundation
import StatlasCore

/// Draws local authorities as a hex map (positions from hexjson, any of its four offset layouts). Each
/// hex is a link to the area's page, shaded by a count and labelled with the count itself, so that the
/// shading is never the only cue.
struct HexMap {
    /// One shade of the key: the counts it covers and its colours.
    struct Shade {
        let low: Int
        let high: Int
        let fill: String
        let text: String
        var label: String { low == high ? "\(low)" : "\(low) to \(high)" }
    }

    let svg: String
    let shades: [Shade]

    /// Light grey for none, then eight blues of rising depth (ColorBrewer's sequential blues); the text colour
    /// keeps 4.5:1 contrast on each.
    static let fills = [
        ("#f3f2f1", "#0b0c0c"), ("#deebf7", "#0b0c0c"), ("#c6dbef", "#0b0c0c"), ("#9ecae1", "#0b0c0c"),
        ("#6baed6", "#0b0c0c"), ("#4292c6", "#0b0c0c"), ("#2171b5", "#ffffff"), ("#08519c", "#ffffff"),
        ("#08306b", "#ffffff"),
    ]

    /// Shades for the counts present: one per count while there are no more counts than blues (so that the key
    /// never merges two counts the map shows), else equal bands up to the largest.
    static func shades(counts: Set<Int>) -> [Shade] {
        let none = Shade(low: 0, high: 0, fill: fills[0].0, text: fills[0].1)
        let present = counts.filter { $0 > 0 }.sorted()
        guard let maximum = present.last else { return [none] }
        if present.count <= fills.count - 1 {
            return [none]
                + present.enumerated().map { index, count in
                    // Spread over the blues, so that few counts still run from light to dark.
                    let step =
                        present.count == 1 ? fills.count - 1 : 1 + index * (fills.count - 2) / (present.count - 1)
                    return Shade(low: count, high: count, fill: fills[step].0, text: fills[step].1)
                }
        }
        let bands = fills.count - 1
        var result = [none]
        for b in 0..<bands {
            let low = 1 + b * maximum / bands
            let high = (b + 1) * maximum / bands
            if high >= low { result.append(Shade(low: low, high: high, fill: fills[b + 1].0, text: fills[b + 1].1)) }
        }
        return result
    }

    /// Centre of a hex in unit-size coordinates (size = centre-to-corner), with rows increasing northwards.
    static func centre(_ hex: HexPosition) -> (x: Double, y: Double) {
        let root3 = 3.0.squareRoot()
        func odd(_ n: Int) -> Bool { n & 1 == 1 }
        switch hex.layout {
        case .oddR, .evenR:
            let shift = odd(hex.r) == (hex.layout == .oddR) ? root3 / 2 : 0
            return (Double(hex.q) * root3 + shift, -Double(hex.r) * 1.5)
        case .oddQ, .evenQ:
            let shift = odd(hex.q) == (hex.layout == .oddQ) ? root3 / 2 : 0
            return (Double(hex.q) * 1.5, -(Double(hex.r) * root3 + shift))
        }
    }

    init(_ areas: [AreaAvailability], id: String, title: String, summary: String, width: Double = 600) {
        let shades = Self.shades(counts: Set(areas.map(\.available)))
        self.shades = shades
        let centres = areas.map { Self.centre($0.hex) }
        let pointy = areas.first.map { [.oddR, .evenR].contains($0.hex.layout) } ?? true
        let (minX, maxX) = (centres.map(\.x).min() ?? 0, centres.map(\.x).max() ?? 0)
        let (minY, maxY) = (centres.map(\.y).min() ?? 0, centres.map(\.y).max() ?? 0)
        let pad = 1.0
        let scale = (width - 4) / (maxX - minX + 2 * pad)
        // Positions are bounded when stored; the clamp keeps the conversion to Int safe whatever a row holds.
        let height = min((maxY - minY + 2 * pad) * scale + 4, 100_000)
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height.rounded(.up)))" class="chart hexmap" \
            role="group" aria-labelledby="\(id)-title \(id)-desc"><title id="\(id)-title">\(SVG.escape(title))</title>\
            <desc id="\(id)-desc">\(SVG.escape(summary))</desc>
            """
        let corners = (0..<6).map { k -> (Double, Double) in
            let angle = Double.pi / 180 * (pointy ? 60 * Double(k) - 30 : 60 * Double(k))
            return (cos(angle) * scale * 0.97, sin(angle) * scale * 0.97)
        }
        let fontSize = SVG.n(scale * 0.75)
        for (area, c) in zip(areas, centres) {
            let (x, y) = (2 + (c.x - minX + pad) * scale, 2 + (c.y - minY + pad) * scale)
            let shade = shades.last { area.available >= $0.low } ?? shades[0]
            let points = corners.map { "\(SVG.n(x + $0.0)),\(SVG.n(y + $0.1))" }.joined(separator: " ")
            let label = "\(area.name): \(area.available) available at local authority level"
            out += "<a href=\"\(RecordPaths.path(.area, area.code))\" aria-label=\"\(SVG.escape(label))\">"
            out += "<polygon points=\"\(points)\" fill=\"\(shade.fill)\" stroke=\"#505a5f\" stroke-width=\"0.75\"/>"
            out +=
                "<text x=\"\(SVG.n(x))\" y=\"\(SVG.n(y + scale * 0.27))\" font-size=\"\(fontSize)\" text-anchor=\"middle\" fill=\"\(shade.text)\" aria-hidden=\"true\">\(area.available)</text></a>"
        }
        out += "</svg>"
        svg = out
    }
}

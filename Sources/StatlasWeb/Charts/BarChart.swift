import Foundation

/// A bar chart as SVG: horizontal bars for categories, or columns for a time series. Every bar carries its
/// value as text, so the chart can be read without judging lengths or colours.
struct BarChart {
    let svg: String

    init(
        _ bars: [(label: String, value: Double)], id: String, title: String, summary: String, columns: Bool = false,
        format: (Double) -> String = { String(format: "%.0f", $0) }
    ) {
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        var out: String
        if columns {
            let (width, height, left, bottom, top) = (720.0, 300.0, 40.0, 50.0, 24.0)
            let slot = (width - left - 10) / Double(max(bars.count, 1))
            let every = max(1, Int((Double(bars.count) / 12).rounded(.up)))
            out = SVG.open(id: id, width: Int(width), height: Int(height), title: title, summary: summary)
            out +=
                "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(height - bottom))\" x2=\"\(SVG.n(width - 10))\" y2=\"\(SVG.n(height - bottom))\" stroke=\"#505a5f\"/>"
            out +=
                "<g font-size=\"11\" fill=\"#0b0c0c\" text-anchor=\"end\"><text x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(top + 4))\">\(SVG.escape(format(maximum)))</text>"
            out += "<text x=\"\(SVG.n(left - 6))\" y=\"\(SVG.n(height - bottom + 4))\">0</text></g>"
            out +=
                "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(top))\" x2=\"\(SVG.n(left))\" y2=\"\(SVG.n(height - bottom))\" stroke=\"#505a5f\"/>"
            out += "<g font-size=\"11\" fill=\"#0b0c0c\" text-anchor=\"middle\">"
            for (i, bar) in bars.enumerated() {
                let h = bar.value / maximum * (height - bottom - top)
                let x = left + Double(i) * slot
                out +=
                    "<rect x=\"\(SVG.n(x + slot * 0.1))\" y=\"\(SVG.n(height - bottom - h))\" width=\"\(SVG.n(slot * 0.8))\" height=\"\(SVG.n(h))\" fill=\"\(SVG.palette[0])\"/>"
                if bar.value > 0 && slot >= 14 {
                    out +=
                        "<text x=\"\(SVG.n(x + slot / 2))\" y=\"\(SVG.n(height - bottom - h - 4))\">\(SVG.escape(format(bar.value)))</text>"
                }
                if i % every == 0 {
                    out +=
                        "<text x=\"\(SVG.n(x + slot / 2))\" y=\"\(SVG.n(height - bottom + 16))\">\(SVG.escape(bar.label))</text>"
                }
            }
            out += "</g>"
        } else {
            let (width, row, labelWidth, top) = (720.0, 28.0, 280.0, 8.0)
            let height = top * 2 + row * Double(max(bars.count, 1))
            let plot = width - labelWidth - 70
            out = SVG.open(id: id, width: Int(width), height: Int(height), title: title, summary: summary)
            out += "<g font-size=\"13\" fill=\"#0b0c0c\">"
            for (i, bar) in bars.enumerated() {
                let y = top + Double(i) * row
                let w = bar.value / maximum * plot
                let label = bar.label.count > 40 ? String(bar.label.prefix(39)) + "…" : bar.label
                out +=
                    "<text x=\"\(SVG.n(labelWidth - 8))\" y=\"\(SVG.n(y + row * 0.65))\" text-anchor=\"end\">\(SVG.escape(label))</text>"
                out +=
                    "<rect x=\"\(SVG.n(labelWidth))\" y=\"\(SVG.n(y + 4))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(row - 8))\" fill=\"\(SVG.palette[0])\"/>"
                out +=
                    "<text x=\"\(SVG.n(labelWidth + w + 6))\" y=\"\(SVG.n(y + row * 0.65))\">\(SVG.escape(format(bar.value)))</text>"
            }
            out += "</g>"
        }
        out += "</svg>"
        svg = out
    }
}

import Foundation
import StatlasExchange

/// Helpers for server-rendered SVG charts: escaping, number formatting and the palette.
enum SVG {
    /// GOV.UK palette colours dark enough for white text (contrast of 4.5:1 or more).
    static let palette = [
        "#1d70b8", "#00703c", "#4c2c92", "#942514", "#003078", "#912b88", "#505a5f", "#7a4a00",
        "#005a30", "#2e358b", "#0b0c0c", "#6f2c91",
    ]

    /// Letters that mark a group on a chart, so that colour is never the only cue: A…Z, then AA, AB….
    static func marker(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : String(letters[index / 26 - 1]) + String(letters[index % 26])
    }

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    static func escape(_ text: String) -> String { XML.escape(text) }

    /// A coordinate with one decimal place.
    static func n(_ value: Double) -> String { String(format: "%.1f", value) }

    /// The opening of an accessible chart: `role="img"` named by its title and described by its summary.
    static func open(id: String, width: Int, height: Int, title: String, summary: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" class="chart" role="img" \
        aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
        <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>
        """
    }
}

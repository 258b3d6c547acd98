import Mustache

/// The typed views the templates render (swift-mustache reads their stored properties by name, through the
/// generated `child(named:)` of ViewChildren.swift rather than by reflection). A
/// property that is nil is looked up further out, as a missing key was; `Maybe` is for text that must stop
/// that search when absent (a field inside a group must not show its group's hint or error).
struct Maybe: MustacheCustomRenderable, Sendable, ExpressibleByStringLiteral {
    let _value: String?

    init(_ value: String?) { _value = value }
    init(stringLiteral value: String) { _value = value }

    static let none = Maybe(nil)
    var renderText: String { _value ?? "" }
    var isNull: Bool { _value == nil }
}

/// A link (or plain text when `href` is nil), with an optional note; `last` ends a comma-separated run.
struct LinkView: Sendable {
    var href: String?
    var text: String
    var note: String?
    var last = false

    init(_ text: String, href: String? = nil, note: String? = nil, last: Bool = false) {
        self.text = text
        self.href = href
        self.note = note
        self.last = last
    }

    /// The links with the last one marked, for "a, b, c" runs.
    static func run(_ links: [LinkView]) -> [LinkView] {
        links.enumerated().map { index, link in
            var link = link
            link.last = index == links.count - 1
            return link
        }
    }
}

/// A value in a summary list row or a table cell (the `values` partial): one value, several, or nothing.
struct CellView: Sendable {
    var single = false
    var many = false
    var none = false
    var text: String?
    var href: String?
    var items: [LinkView] = []

    static func text(_ text: String) -> CellView { CellView(single: true, text: text) }
    static func link(_ text: String, _ href: String) -> CellView { CellView(single: true, text: text, href: href) }
    static var empty: CellView { CellView(none: true) }
    static func list(_ items: [LinkView]) -> CellView { CellView(many: true, items: items) }
}

/// A table row.
struct RowView: Sendable {
    var cells: [CellView]
    init(_ cells: [CellView]) { self.cells = cells }
}

/// A column heading that sorts the table, marked with `aria-sort` when it is the current order.
struct SortHeadView: Sendable {
    var href: String
    var text: String
    var ariaSort = Maybe.none
}

/// A data table (the `table` partial): caption for screen readers, headings, rows.
struct TableView: Sendable {
    var caption: String
    var head: [String] = []
    var sortHead: [SortHeadView] = []
    var rows: [RowView]
}

/// One row of a summary list.
struct SummaryItemView: Sendable {
    var key: String
    var value: String
}

/// A summary list.
struct SummaryListView: Sendable {
    var items: [SummaryItemView]
}

/// A key entry of a chart with a coloured marker.
struct LegendView: Sendable {
    var colour: String
    var marker: String
    var label: String
    var count: Int?
}

/// A key entry of a chart with a filled square.
struct SwatchView: Sendable {
    var fill: String
    var label: String
}

/// A chart: its SVG (escaped as it was built), caption and key.
struct FigureView: Sendable {
    var svg: String
    var caption: String
    var hasLegend = false
    var legend: [LegendView] = []
    var hasSwatches = false
    var swatches: [SwatchView] = []

    init(svg: String, caption: String, legend: [LegendView] = [], swatches: [SwatchView] = []) {
        self.svg = svg
        self.caption = caption
        (self.legend, self.hasLegend) = (legend, !legend.isEmpty)
        (self.swatches, self.hasSwatches) = (swatches, !swatches.isEmpty)
    }
}

/// Links to downloads of a section's data.
struct DownloadsView: Sendable {
    var links: [LinkView]
    init(_ links: [LinkView]) { self.links = LinkView.run(links) }
}

/// A term and what it means.
struct DefinitionView: Sendable {
    var term: String
    var text: String
}

/// A list of definitions.
struct DefinitionsView: Sendable {
    var items: [DefinitionView]
}

/// A headed section of a page (the `sections` partial): paragraphs, then any of a summary list, a chart,
/// downloads, definitions, a warning, a table, links, or what to say when it is empty.
struct SectionView: Sendable {
    var id: String
    var heading: String
    var paragraphs: [String] = []
    var summaryList: SummaryListView?
    var figure: FigureView?
    var downloads: DownloadsView?
    var definitions: DefinitionsView?
    var warning: String?
    var table: TableView?
    /// Links to the other pages of a long table.
    var pagination: PaginationView?
    var hasLinks = false
    var links: [LinkView] = []
    /// Suggestions an editor may accept or dismiss, each with its own small form.
    var hasDecisions = false
    var decisions: [DecisionView] = []
    /// Items with one button each (a POST form to `action`).
    var hasForms = false
    var forms: [ButtonFormView] = []
    /// A document's text, paragraph by paragraph, with its codings marked.
    var hasPassages = false
    var passages: [PassageView] = []
    var empty: String?
    /// Sanitised HTML (`MarkdownHTML`), inserted as it is.
    var html: String?

    init(
        id: String, heading: String, paragraphs: [String] = [], pagination: PaginationView? = nil,
        summaryList: SummaryListView? = nil, figure: FigureView? = nil,
        downloads: DownloadsView? = nil, definitions: DefinitionsView? = nil, warning: String? = nil,
        table: TableView? = nil,
        links: [LinkView] = [], empty: String? = nil
    ) {
        (self.id, self.heading, self.paragraphs, self.summaryList, self.figure) = (
            id, heading, paragraphs, summaryList, figure
        )
        (self.downloads, self.definitions, self.warning, self.table) = (downloads, definitions, warning, table)
        (self.links, self.hasLinks, self.empty, self.pagination) = (links, !links.isEmpty, empty, pagination)
    }

    /// A section listing links, or saying `empty` when there are none.
    static func list(id: String, heading: String, links: [LinkView], empty: String, paragraphs: [String] = [])
        -> SectionView
    {
        SectionView(id: id, heading: heading, paragraphs: paragraphs, links: links, empty: links.isEmpty ? empty : nil)
    }
}

/// A suggestion in a section, linked to what it suggests, with buttons (a POST form to `action` sending
/// `value` as `datasetId` and the button's `decision`) for those who may decide.
struct DecisionView: Sendable {
    var text: String
    var href: String
    var note: String
    var value: String
    var action: String?
}

/// A paragraph of a study document: its text in spans, coded spans marked, and (for the lead and coders) a form
/// that codes the whole paragraph without JavaScript. `start` and `end` are Unicode scalar positions.
struct PassageView: Sendable {
    var number: Int
    var start: Int
    var end: Int
    var spans: [SpanView]
    var action: String?
    var options: [CodeOptionView] = []
}

/// A run of a paragraph's text; `codes` names the codes covering it when it is coded.
struct SpanView: Sendable {
    var text: String
    var marked: Bool
    var codes: String
    var shade: Int
}

/// A code to choose in a passage's select.
struct CodeOptionView: Sendable {
    var value: String
    var label: String
}

/// An item with a button that posts to `action` (the button's text names the item for screen readers).
struct ButtonFormView: Sendable {
    var text: String
    var action: String
    var label: String
}

/// One entry of an error summary: the message and the id of the field it moves focus to.
struct ErrorLinkView: Sendable {
    var target: String
    var message: String
    /// The form field name the error belongs to (to place it inline).
    var key: String?
}

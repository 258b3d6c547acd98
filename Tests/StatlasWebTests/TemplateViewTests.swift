import Foundation
import Mustache
import StatlasCore
import Testing

@testable import StatlasWeb

/// Every template rendered with every view it receives, fully populated, and every name a template reads
/// found in those views: a misspelt key fails here instead of rendering blank.
@Suite("Templates and their typed views")
struct TemplateViewTests {
    static let link = LinkView("A link", href: "/a", note: "a note")
    static let cells: [CellView] = [.text("text"), .link("link", "/l"), .empty, .list([link, LinkView("plain")])]
    static let table = TableView(
        caption: "Caption", head: ["A", "B"],
        sortHead: [SortHeadView(href: "/s", text: "Sorted", ariaSort: "ascending")],
        rows: [RowView(cells)])
    static var section: SectionView {
        var section = plainSection
        section.decisions = [DecisionView(text: "D", href: "/d", note: "N", value: "d", action: "/a")]
        section.hasDecisions = true
        section.forms = [ButtonFormView(text: "T", action: "/a", label: "Remove")]
        section.hasForms = true
        section.passages = [
            PassageView(
                number: 1, start: 0, end: 4, spans: [SpanView(text: "Text", marked: true, codes: "Barrier", shade: 1)],
                action: "/c", options: [CodeOptionView(value: "barrier", label: "Barrier")])
        ]
        section.hasPassages = true
        return section
    }
    static let plainSection = SectionView(
        id: "s", heading: "Section", paragraphs: ["Paragraph"],
        pagination: PaginationView(page: 1, pages: 2, previous: nil, next: "/n"),
        summaryList: SummaryListView(items: [SummaryItemView(key: "K", value: "V")]),
        figure: FigureView(
            svg: "<svg></svg>", caption: "Figure",
            legend: [LegendView(colour: "#000", marker: "A", label: "Kind", count: 2)],
            swatches: [SwatchView(fill: "#fff", label: "None")]),
        downloads: DownloadsView([link, link]),
        definitions: DefinitionsView(items: [DefinitionView(term: "T", text: "D")]),
        warning: "Warning", table: table, links: [link], empty: "Nothing")
    static let errors = [ErrorLinkView(target: "f-a", message: "Problem", key: "a")]

    /// One field of each kind the field partial shows, a group of them included.
    static var fields: [FieldView] {
        let options: [EntityKind: [ChoiceOption]] = [.theme: [ChoiceOption("t", "Theme")]]
        let specs = [
            FieldSpec("text", "Text", hint: "Hint"), FieldSpec("long", "Long", .longText),
            FieldSpec("count", "Count", .number(0...5)),
            FieldSpec("pick", "Pick", .choice([ChoiceOption("a", "A"), ChoiceOption("b", "B")])),
            FieldSpec("radio", "Radio", .choice([ChoiceOption("a", "A")]), required: true),
            FieldSpec("many", "Many", .choices([ChoiceOption("a", "A")])),
            FieldSpec("theme", "Theme", .reference(.theme)),
            FieldSpec("flag", "Flag", .bool), FieldSpec("day", "Day", .date),
            FieldSpec("entries", "Entries", .group([FieldSpec("name", "Name", hint: "Inner")])),
        ]
        var form = FormData()
        form.append("entries[0].name", "x")
        var view = FormView(form: form, errors: ["text": "Wrong", "entries": "Wrong too"], options: options)
        view.candidates = ["text": [Candidate(id: "a", name: "A")]]
        var fields = view.fields(specs)
        fields[1].candidates = [CandidateView(name: "B", href: "/b", candidateId: "b")]
        fields[1].hasCandidates = true
        FieldAttributes(autocomplete: "email", inputmode: "numeric").apply(to: &fields[0])
        return fields
    }

    static var views: [any PageContent] {
        [
            TextPageView(
                heading: "Text", blocks: [BlockView(subheading: "Sub", paragraphs: ["P"], bullets: ["B"], link: link)]),
            ReportPageView(
                caption: "Caption", heading: "Report", intro: ["Intro"], sections: [section],
                confirm: ConfirmView(method: "get", action: "/x", label: "Go", cancelHref: "/"), errorSummary: errors),
            ReportPageView(
                heading: "Report", sections: [], confirm: ConfirmView(action: "/x", label: "Post", cancelHref: "/")),
            UsersPageView(
                heading: "Users",
                users: [
                    UserRowView(
                        name: "N", email: "e@x", role: "R", organisations: "O", status: "S",
                        action: "/a", actionLabel: "Disable")
                ], invitation: InvitationView(name: "N", link: "https://x")),
            ListPageView(
                heading: "List", intro: "Intro", base: "/b", noun: "thing", article: "a", canCreate: true,
                createHref: "/b/new",
                filterFields: fields, resultsText: "1 found",
                items: [ResultItemView(title: "T", href: "/t", summary: "S", tags: ["Tag"], hasTags: true, meta: "M")],
                pagination: PaginationView(page: 2, pages: 3, previous: "/p", next: "/n"), errorSummary: errors),
            DetailPageView(
                caption: "Thing", heading: "Detail", tags: ["Demo record"], hasTags: true, canEdit: true,
                canDelete: true,
                editHref: "/e", deleteHref: "/d", sections: [section],
                rows: [FieldRowView(label: "L", value: .text("V"))],
                tables: [table], related: [RelatedGroupView(heading: "Related", count: 1, items: [link])], version: 2,
                updated: "1 March 2024", apiHref: "/api"),
            DeletePageView(
                caption: "Thing", title: "T", action: "/d", version: 1, cancelHref: "/", errorSummary: errors),
            FormPageView(
                caption: "C", heading: "Form", intro: ["Intro"], secretKey: "KEY", fields: fields, noun: "thing",
                action: "/f",
                version: 1, submitLabel: "Save", cancelHref: "/", conflict: true, conflictHref: "/c",
                errorSummary: errors, csrf: "token"),
            FormPageView(
                template: "sign-in", heading: "Sign in", fields: fields, noun: "sign in", action: "/sign-in",
                version: 0,
                submitLabel: "Sign in", cancelHref: "/", errorSummary: errors),
            InsightPageView(
                heading: "Insight", intro: ["Intro"], action: "/i", submit: "Show", hasFilters: true, openFilters: true,
                fields: fields, sections: [section], errorSummary: errors),
            HomePageView(
                counts: [CountView(number: "1", label: "things", href: "/t")], upcomingHref: "/u",
                adding: [LinkView("Add a thing", href: "/things/new")], canAdd: true),
            SearchPageView(
                q: "q", error: "Enter", searched: true, resultsText: "1 result",
                groups: [
                    SearchGroupView(
                        kind: "things", heading: "things", count: "11", listed: true,
                        hits: [
                            SearchHitView(
                                href: "/t",
                                parts: [TextPartView(text: "a", mark: true), TextPartView(text: "b", mark: false)])
                        ],
                        more: "/more")
                ],
                suggestions: SuggestionsView(words: [WordView(word: "w", href: "/w")]), errorSummary: errors),
            ContactPageView(
                fields: fields, asked: true, summary: "Contacts", sections: [section],
                otherAreas: OtherAreasView(list: LinkView.run([link, link]))),
        ]
    }

    /// The names a template reads (variables and sections), and the partials and parents it includes.
    static func tags(_ text: String) -> (names: Set<String>, partials: Set<String>) {
        var names = Set<String>()
        var partials = Set<String>()
        for match in text.matches(of: /\{\{\{?\s*([#^\/>&<$!%]?)\s*([A-Za-z0-9_.-]+)/) {
            let (sigil, name) = (String(match.output.1), String(match.output.2))
            switch sigil {
            case ">", "<": partials.insert(name)
            case "/", "$", "!", "%": continue
            default: if name != "." { names.insert(name) }
            }
        }
        return (names, partials)
    }

    /// Every stored property name in a view, through arrays and optionals.
    /// Checks that every view struct inside `value` answers each of its stored properties by name as Mirror
    /// sees it (the generated `MustacheParent` conformances of ViewChildren.swift), and nothing else.
    static func checkChildren(_ value: Any) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .struct, String(describing: type(of: value)).hasSuffix("View") {
            guard let parent = value as? MustacheParent else {
                Issue.record("\(type(of: value)) has no child(named:): run scripts/generate-view-children.py")
                return
            }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                let isNil = inner.displayStyle == .optional && inner.children.isEmpty
                let answered = parent.child(named: label)
                #expect(
                    (answered == nil) == isNil
                        && (isNil
                            || String(describing: answered!)
                                == String(
                                    describing: inner.displayStyle == .optional
                                        ? inner.children.first!.value : child.value)),
                    "\(type(of: value)).\(label) is not returned by child(named:): run scripts/generate-view-children.py"
                )
            }
            #expect(parent.child(named: "no such property") == nil)
        }
        for child in mirror.children { checkChildren(child.value) }
    }

    static func labels(_ value: Any, into result: inout Set<String>) {
        for child in Mirror(reflecting: value).children {
            if let label = child.label { result.insert(label) }
            labels(child.value, into: &result)
        }
    }

    @Test("Every template renders with each view it receives, and reads only names its views have")
    func templatesMatchViews() throws {
        let pages = try PageRenderer.load(demo: true)
        let directory = try #require(PageRenderer.templates)
        func text(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent(name + ".mustache"), encoding: .utf8)
        }
        var frame = LayoutView(
            pageTitle: "T", assetPath: "/assets/x", demo: true, user: UserView(name: "U", isAdmin: true), csrf: "c",
            success: "Saved", hasErrors: true, jsonLD: "{}", nav: [NavItemView(href: "/", label: "Home", current: true)]
        )
        frame.alternateLinks = [AlternateView(type: "application/json", href: "/api/v1/x", title: "JSON", last: true)]
        frame.hasAlternates = true
        var known: [String: Set<String>] = [:]
        for view in Self.views {
            func render<V: PageContent>(_ view: V) -> String {
                pages.render(Framed(frame: frame, content: view), template: view.template)
            }
            let html = render(view)
            #expect(
                html.hasPrefix("<!DOCTYPE html>") && html.contains("</html>") && !html.contains("Page unavailable"),
                "\(view.template)")
            Self.labels(view, into: &known[view.template, default: []])
            Self.checkChildren(view)
            Self.checkChildren(frame)
            Self.labels(frame, into: &known[view.template, default: []])
        }
        for (template, names) in known {
            // The template, its parent (the layout) and the partials it uses, transitively.
            var read = Set<String>()
            var seen = Set<String>()
            var pending = [template]
            while let next = pending.popLast() {
                guard seen.insert(next).inserted else { continue }
                let found = Self.tags(try text(next))
                read.formUnion(found.names)
                pending += found.partials
            }
            let missing = read.subtracting(names)
            #expect(missing.isEmpty, "\(template) reads \(missing.sorted()), which none of its views has")
        }
        let rendered = Set(known.keys)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".mustache")
        }
        .map { String($0.dropLast(".mustache".count)) }
        let partials = Set([
            "layout", "field", "field-label", "form-group", "error-summary", "error-message", "csrf",
            "notification-banner", "table",
            "sections", "values", "pagination",
        ])
        #expect(
            Set(files).subtracting(partials) == rendered,
            "pages without a view here: \(Set(files).subtracting(partials).subtracting(rendered))")
    }
}

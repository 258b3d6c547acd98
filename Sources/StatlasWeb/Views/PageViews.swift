import Mustache

/// The content of a page: a view struct with the template that renders it inside the layout.
protocol PageContent: Sendable {
    /// The template's name (`list`, `detail`…).
    var template: String { get }
    /// The entries of the page's error summary (none by default).
    var errorSummary: [ErrorLinkView] { get }
}

extension PageContent {
    var errorSummary: [ErrorLinkView] { [] }
}

/// The signed-in user, as the header shows them.
struct UserView: Sendable {
    var name: String
    var isAdmin: Bool
}

/// An item of the service navigation.
struct NavItemView: Sendable {
    var href: String
    var label: String
    var current: Bool
}

/// What the layout shows around every page: title, stylesheet, header, navigation, banners.
struct LayoutView: Sendable {
    var pageTitle: String
    var assetPath: String
    var demo: Bool
    var user: UserView?
    var csrf: String?
    var success: String?
    var hasErrors: Bool
    var jsonLD: String?
    var nav: [NavItemView]
    /// The page's description for search engines and link previews (`<meta name="description">`, OpenGraph).
    var metaDescription = PageMeta.siteDescription
    /// The page's absolute address (OpenGraph) and its canonical one (without the query).
    var metaURL = ""
    var canonicalURL = ""
    var metaType = "website"
    /// The same content in other formats (JSON, Atom, iCalendar), linked in the head and shown on the page.
    var alternateLinks: [AlternateView] = []
    var hasAlternates = false
}

/// One alternate format of a page: its media type, address and what to call it.
struct AlternateView: Sendable {
    var type: String
    var href: String
    var title: String
    var last = false
}

/// What a page says about itself beyond its content: a description and its alternates.
struct PageMeta: Sendable {
    static let siteDescription =
        "Statlas is a register of the UK statistical system: who produces and who uses which statistics, for which places, who deals with which stakeholders, and how organisations collaborate."
    var description: String?
    var type = "website"
    var alternates: [AlternateView] = []

    init(description: String? = nil, type: String = "website", alternates: [AlternateView] = []) {
        self.description = description.map(Self.shortened)
        (self.type, self.alternates) = (type, alternates)
    }

    /// A description of at most about 200 characters, cut at a word, on one line.
    static func shortened(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard line.unicodeScalars.count > 200 else { return line }
        var cut = String(String.UnicodeScalarView(line.unicodeScalars.prefix(200)))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }
}

/// A page's content framed by the layout: a name is looked up in the content first, then in the layout, so
/// templates read both at the same level.
struct Framed<Content: PageContent>: MustacheParent {
    let frame: LayoutView
    let content: Content

    func child(named name: String) -> Any? {
        Self.value(of: content, named: name) ?? Self.value(of: frame, named: name)
    }

    /// A stored property's value by name, unwrapped from its Optional (nil when absent or nil).
    static func value(of object: Any, named name: String) -> Any? {
        if let parent = object as? MustacheParent { return parent.child(named: name) }
        guard let found = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else {
            return nil
        }
        let mirror = Mirror(reflecting: found)
        guard mirror.displayStyle == .optional else { return found }
        return mirror.children.first?.value
    }
}

/// One block of a text page: an optional subheading, paragraphs, bullets and a link.
struct BlockView: Sendable {
    var subheading: String?
    var paragraphs: [String] = []
    var hasBullets = false
    var bullets: [String] = []
    var link: LinkView?

    init(subheading: String? = nil, paragraphs: [String] = [], bullets: [String] = [], link: LinkView? = nil) {
        (self.subheading, self.paragraphs, self.bullets, self.hasBullets, self.link) =
            (subheading, paragraphs, bullets, !bullets.isEmpty, link)
    }
}

/// A page of headed text blocks (`page`): errors, the accessibility statement, cookies.
struct TextPageView: PageContent {
    let template = "page"
    var heading: String
    var blocks: [BlockView]
}

/// A report page (`report`): sections of tables and lists, with an optional confirming button.
struct ReportPageView: PageContent {
    let template = "report"
    var caption: String?
    var heading: String
    var intro: [String] = []
    var sections: [SectionView]
    var confirm: ConfirmView?
    var errorSummary: [ErrorLinkView] = []
}

/// The button that confirms a report's action: a form posting to `action`, or a link when `method` is `get`.
struct ConfirmView: Sendable {
    var method: String?
    var action: String
    var label: String
    var cancelHref: String
}

/// The user accounts page (`users`).
struct UsersPageView: PageContent {
    let template = "users"
    var heading: String
    var users: [UserRowView]
    var invitation: InvitationView?
}

/// One account in the user accounts table.
struct UserRowView: Sendable {
    var name: String
    var email: String
    var role: String
    var organisations: String
    var status: String
    var action: String
    var actionLabel: String
}

/// The link a new user sets their password with, shown once.
struct InvitationView: Sendable {
    var name: String
    var link: String
}

/// The "filter a list" page of a collection (`list`).
struct ListPageView: PageContent {
    let template = "list"
    var heading: String
    var intro: String?
    var base: String
    var noun: String
    var article: String
    var canCreate: Bool
    var createHref: String
    var filterFields: [FieldView]
    var resultsText = "No results"
    var items: [ResultItemView] = []
    var pagination: PaginationView?
    var errorSummary: [ErrorLinkView] = []
}

/// A record's page (`detail`): its fields, tables of its group fields, extra sections, related records.
struct DetailPageView: PageContent {
    let template = "detail"
    var caption: String
    var heading: String
    var tags: [String] = []
    var hasTags = false
    var canEdit: Bool
    var canDelete: Bool
    var editHref: String
    var deleteHref: String
    var sections: [SectionView]
    var rows: [FieldRowView]
    var tables: [TableView]
    var related: [RelatedGroupView]
    var version: Int
    var updated: String?
    var apiHref: String
}

/// "Are you sure you want to delete …?" (`delete`).
struct DeletePageView: PageContent {
    let template = "delete"
    var caption: String
    var title: String
    var action: String
    var version: Int
    var cancelHref: String
    var errorSummary: [ErrorLinkView] = []
}

/// An insight page (`insight`): a filter form and the sections of charts and tables it selects.
struct InsightPageView: PageContent {
    let template = "insight"
    var heading: String
    var intro: [String] = []
    var action: String
    var submit: String
    var hasFilters: Bool
    var openFilters = false
    var fields: [FieldView] = []
    var sections: [SectionView] = []
    var errorSummary: [ErrorLinkView] = []
}

/// The home page (`home`).
struct HomePageView: PageContent {
    let template = "home"
    var counts: [CountView]
    var upcomingHref: String
    /// For people who may add records: a link to each form they are most likely to want.
    var adding: [LinkView] = []
    var canAdd = false
}

/// How many records of a kind the register holds, linking to their list.
struct CountView: Sendable {
    var number: String
    var label: String
    var href: String
}

/// The search page (`search`): the box, and results grouped by kind.
struct SearchPageView: PageContent {
    let template = "search"
    var q: String
    var error: String?
    var searched = false
    var resultsText: String?
    var groups: [SearchGroupView] = []
    var suggestions: SuggestionsView?
    var errorSummary: [ErrorLinkView] = []
}

/// The hits of one kind.
struct SearchGroupView: Sendable {
    var kind: String
    var heading: String
    /// How many match, written out ("1,204").
    var count: String
    /// False for a kind none of whose matches are among the best hits (only its count and link are shown).
    var listed: Bool
    var hits: [SearchHitView]
    var more: String?
}

/// One hit: its link and its title in parts, the parts matching the query marked.
struct SearchHitView: Sendable {
    var href: String
    var parts: [TextPartView]
}

/// A run of text, marked or not.
struct TextPartView: Sendable {
    var text: String
    var mark: Bool
}

/// What to try when nothing was found; `words` searches each word on its own.
struct SuggestionsView: Sendable {
    var words: [WordView]
}

/// A word of the query, searched on its own.
struct WordView: Sendable {
    var word: String
    var href: String
}

/// "Who to contact" (`contact`): the question's fields and the answer's sections.
struct ContactPageView: PageContent {
    let template = "contact"
    var fields: [FieldView]
    var asked = false
    var summary: String?
    var sections: [SectionView] = []
    var otherAreas: OtherAreasView?
}

/// Other places matching the area typed.
struct OtherAreasView: Sendable {
    var list: [LinkView]
}

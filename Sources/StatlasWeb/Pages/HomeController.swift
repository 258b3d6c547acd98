import Foundation
import Hummingbird
import StatlasCore

/// The home page (search, the main routes in, live counts), the search page, and the accessibility and
/// cookies pages.
struct HomeController {
    let repository: any RecordRepository
    let pages: PageRenderer
    let now: @Sendable () -> Date

    func register(on routes: RouteTable) {
        routes.add(.get, "/", .everyone, query: ["signed-out"]) { request, context in
            try await home(context, signedOut: context.query.given("signed-out"))
        }
        routes.add(.get, "/search", .everyone, query: ["q"], shared: true) { request, context in
            try await search(request, context)
        }
        routes.add(.get, "/accessibility", .everyone) { _, context in StaticPages.accessibility(pages, context) }
        routes.add(.get, "/cookies", .everyone) { _, context in StaticPages.cookies(pages, context) }
        routes.add(.get, "/networks", .everyone) { _, _ in
            Response(status: .seeOther, headers: [.location: "/organisations?kind=network"])
        }
    }

    func home(_ context: StatlasRequestContext, signedOut: Bool) async throws -> Response {
        let counts = try await repository.counts()
        let shown: [EntityKind] = [.organisation, .dataset, .area, .person, .collaboration, .activity]
        let today = CalendarDate(now()).description
        var model = HomePageView(
            counts: shown.map { kind in
                CountView(
                    number: (counts[kind] ?? 0).formatted(), label: ListPage.heading(kind).lowercased(),
                    href: "/" + kind.collection)
            },
            upcomingHref: "/activities?from=\(today)&sort=start")
        if context.principal?.canEdit == true {
            // An editor's everyday work, one step from the home page they land on after signing in.
            let kinds: [EntityKind] = [.activity, .collaboration, .relationship, .dataset]
            model.adding = kinds.map { kind in
                LinkView(
                    "Add \(ListPage.article(kind.noun)) \(kind.noun)", href: RecordPaths.path(kind, "new"))
            }
            model.canAdd = true
        }
        return pages.page(
            model, title: "Home", context: context, section: "/",
            success: signedOut && context.user == nil ? "You have been signed out" : nil)
    }

    func search(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let q = context.query.text("q")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var model = SearchPageView(q: q)
        guard context.query.given("q") else {
            return pages.page(model, title: "Search", context: context, section: "/search")
        }
        guard !q.isEmpty else {
            model.error = "Enter something to search for"
            model.errorSummary = [ErrorLinkView(target: "q", message: "Enter something to search for")]
            return pages.page(
                model, title: "Search", context: context, status: .badRequest, failed: true, section: "/search")
        }
        let hits = try await Measure.time("statlas_search_seconds", [("surface", "page")]) {
            try await repository.search(q, kinds: nil, limit: ListQuery.maxLimit)
        }
        // Hits stop at the limit: a word found more often than that is counted in the index, kind by kind.
        let counts = hits.count < ListQuery.maxLimit ? nil : try await repository.searchCounts(q)
        let total = counts.map { $0.values.reduce(0, +) } ?? hits.count
        model.searched = true
        model.resultsText =
            hits.isEmpty
            ? "No results for ‘\(q)’"
            : "\(total.formatted()) result\(total == 1 ? "" : "s") for ‘\(q)’"
        model.groups = SearchResults.groups(hits, query: q, counts: counts)
        if hits.isEmpty {
            let words = q.split(separator: " ").map(String.init).filter { $0.count > 2 }
            model.suggestions = SuggestionsView(
                words: words.count > 1 ? words.map { WordView(word: $0, href: "/search?q=" + FormData.escape($0)) } : []
            )
        }
        return pages.page(model, title: "Search: \(q)", context: context, section: "/search")
    }
}

/// Search hits grouped by kind (best group first) with the words that matched marked in each title.
enum SearchResults {
    /// `counts` are each kind's matches when `hits` were cut at their limit (nil when they hold every match):
    /// a kind with matches but none among the hits is listed last, with its count and a link to them.
    static func groups(_ hits: [SearchHit], query: String, counts: [EntityKind: Int]? = nil) -> [SearchGroupView] {
        var order: [EntityKind] = []
        var grouped: [EntityKind: [SearchHit]] = [:]
        for hit in hits {
            if grouped[hit.type] == nil { order.append(hit.type) }
            grouped[hit.type, default: []].append(hit)
        }
        order += (counts ?? [:]).filter { grouped[$0.key] == nil }
            .sorted { ($0.value, $1.key.collection) > ($1.value, $0.key.collection) }.map(\.key)
        let words = query.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { !$0.isEmpty }
        return order.map { kind in
            let items = grouped[kind] ?? []
            let count = counts?[kind] ?? items.count
            let shown = items.prefix(10).map {
                SearchHitView(href: RecordPaths.path($0.type, $0.id), parts: highlight($0.title, words: words))
            }
            return SearchGroupView(
                kind: kind.collection, heading: ListPage.heading(kind).lowercased(), count: count.formatted(),
                listed: !shown.isEmpty, hits: shown,
                more: count > shown.count ? "/\(kind.collection)?q=" + FormData.escape(query) : nil)
        }
    }

    /// The text split into parts, those starting with a query word (or its stem) marked.
    static func highlight(_ text: String, words: [String]) -> [TextPartView] {
        var parts: [TextPartView] = []
        var current = ""
        func flush(_ mark: Bool) {
            if !current.isEmpty { parts.append(TextPartView(text: current, mark: mark)) }
            current = ""
        }
        var token = ""
        func endToken() {
            let lower = token.lowercased()
            let matched =
                !token.isEmpty
                && words.contains {
                    lower.hasPrefix($0) || (lower.count >= 4 && $0.hasPrefix(lower.prefix(max(4, $0.count - 2))))
                }
            if matched {
                flush(false)
                current = token
                flush(true)
            } else {
                current += token
            }
            token = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                token.append(character)
            } else {
                endToken()
                current.append(character)
            }
        }
        endToken()
        flush(false)
        return parts
    }
}

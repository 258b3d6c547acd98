import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import StatlasCore

/// Renders server-side pages from the Mustache templates: the GOV.UK-style layout (skip link, header,
/// service navigation, phase banner, footer) around each page's content. Every value is escaped by
/// `ScalarHTML`;
/// the only unescaped values are JSON-LD, which `JSONLD` makes safe for a script element, and chart SVG,
/// whose text `SVG.escape` escapes as it is built.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The stylesheet and its content hash.
    let assets: Assets
    /// `/assets/<content hash>`, so that assets can be cached for a year.
    var assetPath: String { "/assets/" + assets.version }
    let demo: Bool

    /// The sections of the service navigation: path and label.
    static let navigation: [(String, String)] = [
        ("/contact", "Who to contact"), ("/organisations", "Organisations"), ("/datasets", "Datasets"),
        ("/areas", "Areas"), ("/coverage", "Coverage"), ("/collaborations", "Collaborations"), ("/network", "Network"),
        ("/activities", "Engagement"),
        ("/insight/engagement", "Engagement insight"), ("/findings", "Research findings"),
        ("/research-questions", "Research questions"), ("/resources", "Resources"), ("/people", "People"),
        ("/search", "Search"),
    ]

    /// Loads every template from the bundle; a broken template stops start-up with its name.
    /// Where the templates are, in the module's bundle.
    static var templates: URL? { Bundle.module.url(forResource: "Templates", withExtension: nil) }

    static func load(demo: Bool) throws -> PageRenderer {
        guard let directory = templates else {
            preconditionFailure("The page templates are missing from the bundle")
        }
        MustacheContentTypes.register(ScalarHTML(), named: ScalarHTML.name)
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files.sorted() {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            // Every template, partials included, escapes with `ScalarHTML` rather than swift-mustache's own
            // escaper, which compares `Character`s (STANDARDS.md S17).
            try library.register(ScalarHTML.pragma + text, named: String(file.dropLast(".mustache".count)))
        }
        return PageRenderer(library: library, assets: Assets.load(), demo: demo)
    }

    /// The page again with its form's errors: 422, "Error:" in the title.
    func refused<Content: PageContent>(
        _ content: Content, title: String, context: StatlasRequestContext, section: String? = nil
    ) -> Response {
        page(content, title: title, context: context, status: .unprocessableContent, failed: true, section: section)
    }

    /// A rendered page: the content's template inside the layout. `title` is the page's own title; failed
    /// form submissions prefix it with `Error:`.
    func page<Content: PageContent>(
        _ content: Content, title: String, context: StatlasRequestContext, status: HTTPResponse.Status = .ok,
        failed: Bool = false, section: String? = nil, success: String? = nil, jsonLD: String? = nil,
        meta: PageMeta = PageMeta()
    ) -> Response {
        var frame = LayoutView(
            pageTitle: (failed ? "Error: " : "") + title + " – Statlas", assetPath: assetPath, demo: demo,
            user: context.user.map { UserView(name: $0.name, isAdmin: $0.isAdmin) }, csrf: context.session?.csrfToken,
            success: success, hasErrors: !content.errorSummary.isEmpty, jsonLD: jsonLD,
            nav: Self.navigation.map { NavItemView(href: $0.0, label: $0.1, current: section == $0.0) })
        if let description = meta.description, !description.isEmpty { frame.metaDescription = description }
        (frame.metaURL, frame.canonicalURL) = (context.origin + context.uri, context.origin + context.path)
        frame.metaType = meta.type
        frame.alternateLinks = meta.alternates.enumerated().map { index, link in
            var link = link
            link.last = index == meta.alternates.count - 1
            return link
        }
        frame.hasAlternates = !meta.alternates.isEmpty
        let html = render(Framed(frame: frame, content: content), template: content.template)
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The HTML of a view rendered with a template (the fallback says the page is unavailable).
    func render(_ view: Any, template: String) -> String {
        library.render(view, withTemplate: template) ?? "<!DOCTYPE html><title>Statlas</title><p>Page unavailable.</p>"
    }

    /// A simple page of headed paragraphs (errors, accessibility, cookies).
    func textPage(
        title: String, blocks: [BlockView], context: StatlasRequestContext, status: HTTPResponse.Status = .ok
    ) -> Response {
        page(TextPageView(heading: title, blocks: blocks), title: title, context: context, status: status)
    }
}

/// The stylesheet, read once at start-up and served with a content-hash path.
struct Assets: Sendable {
    let stylesheet: ByteBuffer
    /// The progressive enhancement (suggestions while typing names); every page works without it.
    let script: ByteBuffer
    let version: String

    /// Reads the stylesheet and the script from the bundle; a missing one stops start-up. The version (in their
    /// addresses) is a hash of both, so a change to either is fetched afresh.
    static func load() -> Assets {
        func file(_ name: String) -> Data {
            guard
                let url = Bundle.module.url(forResource: "Assets", withExtension: nil)?.appendingPathComponent(name),
                let data = try? Data(contentsOf: url)
            else { preconditionFailure("\(name) is missing from the bundle") }
            return data
        }
        let (css, js) = (file("statlas.css"), file("statlas.js"))
        let hash = Hex.string(SHA256.hash(data: css + js).prefix(6))
        return Assets(stylesheet: ByteBuffer(bytes: css), script: ByteBuffer(bytes: js), version: hash)
    }
}

/// HTML escaping for every template value, on UTF-8 bytes (`TextEscaping.markup`). swift-mustache's own HTML
/// escaper compares `Character`s, so a `<` followed by a combining mark passes it unescaped; each template is
/// registered with this content type's pragma instead.
struct ScalarHTML: MustacheContentType {
    static let name = "STATLAS_HTML"
    /// Prepended to every template: swift-mustache resets the content type at each partial, so each needs it.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String { TextEscaping.markup(text) }
}

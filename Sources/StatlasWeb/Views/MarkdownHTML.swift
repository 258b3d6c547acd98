import Foundation
import Ink
import StatlasCore

/// Markdown (a resource's body) as HTML that is safe to insert: rendered by Ink with raw HTML and images turned
/// into text, then passed through an allow-list on Unicode scalars — only structural and inline tags Ink writes
/// survive, without attributes, except `href` on links whose scheme is http, https or mailto (other links keep
/// their text only). Every other `<` and `>` is escaped, whatever marks surround it.
enum MarkdownHTML {
    static let allowed: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em", "strong", "code", "pre", "blockquote", "a",
        "br", "hr", "table", "thead", "tbody", "tr", "th", "td", "del",
    ]

    static func render(_ markdown: String) -> String {
        let parser = MarkdownParser(modifiers: [
            Modifier(target: .html) { TextEscaping.markup(String($0.markdown)) },
            Modifier(target: .images) { TextEscaping.markup(String($0.markdown)) },
        ])
        return sanitise(parser.html(from: markdown))
    }

    /// Keeps the allowed tags (links with a safe `href`), escapes everything else that could open markup.
    static func sanitise(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var openLinks: [Bool] = []  // per open <a>: whether it was kept
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let (tag, end) = tag(scalars, from: index) {
                if let kept = keep(tag, links: &openLinks) { out.append(contentsOf: kept.unicodeScalars) }
                index = end
                continue
            }
            switch scalar {
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            default: out.append(scalar)
            }
            index += 1
        }
        return String(out)
    }

    /// A tag as Ink writes it: `<name>`, `</name>`, `<name/>` or `<a href="…">`; its parts and where it ends.
    struct Tag {
        var name: String
        var closing: Bool
        var href: String?
    }

    static func tag(_ scalars: [Unicode.Scalar], from start: Int) -> (Tag, Int)? {
        var index = start + 1
        var closing = false
        if index < scalars.count, scalars[index] == "/" {
            closing = true
            index += 1
        }
        var name = ""
        while index < scalars.count, scalars[index].properties.isASCIIHexDigit || ("a"..."z").contains(scalars[index]) {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty, allowed.contains(name) else { return nil }
        var href: String?
        if !closing, name == "a" {
            let prefix = Array(" href=\"".unicodeScalars)
            guard scalars.count > index + prefix.count, Array(scalars[index..<(index + prefix.count)]) == prefix else {
                return nil
            }
            index += prefix.count
            var value = String.UnicodeScalarView()
            while index < scalars.count, scalars[index] != "\"" {
                value.append(scalars[index])
                index += 1
            }
            guard index < scalars.count else { return nil }
            href = String(value)
            index += 1
        }
        if index < scalars.count, scalars[index] == "/" { index += 1 }
        guard index < scalars.count, scalars[index] == ">" else { return nil }
        return (Tag(name: name, closing: closing, href: href), index + 1)
    }

    /// The tag as written out, or nil to drop it (a link whose address is not allowed: its text stays).
    static func keep(_ tag: Tag, links: inout [Bool]) -> String? {
        guard tag.name == "a" else { return tag.closing ? "</\(tag.name)>" : "<\(tag.name)>" }
        if tag.closing { return links.popLast() == true ? "</a>" : nil }
        let decoded = (tag.href ?? "").replacingOccurrences(of: "&amp;", with: "&")
        let scheme = decoded.unicodeScalars.filter { $0.value > 0x20 }.map(String.init).joined().lowercased()
        let safe = ["http://", "https://", "mailto:"].contains { scheme.hasPrefix($0) }
        links.append(safe)
        return safe ? "<a href=\"\(TextEscaping.markup(decoded))\">" : nil
    }
}

import Foundation
import StatlasCore

/// An Atom feed (RFC 4287) of new and changed records, newest change first: feed readers and data portals
/// follow it to learn what changed in the register.
public struct AtomFeed: Sendable {
    /// One entry: the record's stable id (its page's address), title, page, summary, and when it was first
    /// published and last changed.
    public struct Entry: Sendable {
        public var url: String
        public var title: String
        public var summary: String?
        public var published: Date?
        public var updated: Date
        public var categories: [String]

        public init(
            url: String, title: String, summary: String?, published: Date?, updated: Date, categories: [String] = []
        ) {
            (self.url, self.title, self.summary, self.published) = (url, title, summary, published)
            (self.updated, self.categories) = (updated, categories)
        }
    }

    /// The feed's own address (`rel="self"`), the page it follows (`rel="alternate"`) and its title.
    public var selfURL: String
    public var pageURL: String
    public var title: String
    public var subtitle: String

    public init(selfURL: String, pageURL: String, title: String, subtitle: String) {
        (self.selfURL, self.pageURL, self.title, self.subtitle) = (selfURL, pageURL, title, subtitle)
    }

    /// The feed document; `updated` is the newest entry's change (or the epoch for an empty feed, so that the
    /// same register always gives the same feed).
    public func document(_ entries: [Entry]) -> String {
        func x(_ text: String) -> String { TextEscaping.markup(text) }
        let updated = entries.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
            <id>\(x(selfURL))</id>
            <title>\(x(title))</title>
            <subtitle>\(x(subtitle))</subtitle>
            <updated>\(Timestamp.string(updated))</updated>
            <link rel="self" type="application/atom+xml" href="\(x(selfURL))"/>
            <link rel="alternate" type="text/html" href="\(x(pageURL))"/>
            <author><name>Statlas</name></author>
            <generator>Statlas</generator>

            """
        for entry in entries {
            xml += "<entry>\n<id>\(x(entry.url))</id>\n<title>\(x(entry.title))</title>\n"
            xml += "<link rel=\"alternate\" type=\"text/html\" href=\"\(x(entry.url))\"/>\n"
            if let published = entry.published { xml += "<published>\(Timestamp.string(published))</published>\n" }
            xml += "<updated>\(Timestamp.string(entry.updated))</updated>\n"
            for category in entry.categories { xml += "<category term=\"\(x(category))\"/>\n" }
            if let summary = entry.summary, !summary.isEmpty { xml += "<summary>\(x(summary))</summary>\n" }
            xml += "</entry>\n"
        }
        return xml + "</feed>\n"
    }
}

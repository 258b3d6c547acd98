import Foundation
import StatlasCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The text of a word-processor document — DOCX (Office Open XML) or ODT (OpenDocument) — one line per paragraph
/// or heading, with line breaks, tabs and ODF's runs of spaces kept, and comments, footnote marks and other markup
/// left out. The ZIP container is read with ZIPFoundation (deflate-compressed entries included) and the XML with
/// Foundation's parser. The result is then normalised like any document (`DocumentText.normalise`).
public enum OfficeText {
    /// The largest document part read (its uncompressed size), so a "zip bomb" is refused, not inflated.
    static let largestPart = 32 << 20

    public static func read(_ data: Data, format: DocumentFormat) throws -> String {
        let part = format == .odt ? "content.xml" : "word/document.xml"
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw problem("is not in \(format.label) format (it is not a ZIP archive)")
        }
        guard let entry = archive[part] else {
            throw problem("is not in \(format.label) format (it has no \(part))")
        }
        guard entry.uncompressedSize <= largestPart else { throw problem("is larger than 32 MB of text") }
        var xml = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                xml.append(chunk)
                if xml.count > largestPart { throw CocoaError(.fileReadTooLarge) }
            }
        } catch { throw problem("could not be unpacked: its \(part) is damaged") }
        let reader = Reader(odt: format == .odt)
        // Read as a stream, in chunks: libxml2 refuses a single chunk of more than 10 MB ("huge input").
        let parser = XMLParser(stream: InputStream(data: xml))
        parser.delegate = reader
        parser.shouldProcessNamespaces = false
        // An unclosed element is malformed too, though some parsers stop at the end without saying so.
        guard parser.parse(), parser.parserError == nil, reader.depth == 0, reader.elements > 0 else {
            throw problem("has XML that could not be read in \(part)")
        }
        return DocumentText.normalise(reader.text)
    }

    static func problem(_ message: String) -> StatlasError {
        StatlasError.invalid([FieldError("content", "The document \(message)")])
    }

    /// Collects the text of paragraphs as the parser walks the XML.
    final class Reader: NSObject, XMLParserDelegate {
        let odt: Bool
        var text = ""
        /// Inside an element whose text is not the document's (a comment, a deleted run, field instructions).
        var skipping = 0
        /// Inside a run's text (`w:t`) in DOCX; in ODT, every character inside a paragraph counts.
        var inText = false
        var paragraphs = 0
        /// Elements open now, and seen in all: a well-formed part ends at depth 0.
        var depth = 0
        var elements = 0

        init(odt: Bool) { self.odt = odt }

        static let skippedDOCX: Set<String> = ["w:instrText", "w:delText", "w:commentReference", "w:footnoteReference"]
        static let skippedODT: Set<String> = ["office:annotation", "text:note-citation", "text:tracked-changes"]

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            depth += 1
            elements += 1
            if (odt ? Self.skippedODT : Self.skippedDOCX).contains(name) {
                skipping += 1
                return
            }
            guard skipping == 0 else { return }
            switch name {
            case "w:t": inText = true
            case "w:tab", "text:tab": text += "\t"
            case "w:br", "w:cr", "text:line-break": text += "\n"
            case "text:p", "text:h": inText = true
            case "text:s": text += String(repeating: " ", count: min(Int(attributes["text:c"] ?? "1") ?? 1, 1000))
            default: break
            }
        }

        func parser(
            _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
        ) {
            depth -= 1
            if (odt ? Self.skippedODT : Self.skippedDOCX).contains(name) {
                skipping = max(0, skipping - 1)
                return
            }
            guard skipping == 0 else { return }
            switch name {
            case "w:t": inText = false
            case "w:p", "text:p", "text:h":
                text += "\n"
                paragraphs += 1
                if odt { inText = false }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if skipping == 0 && inText { text += string }
        }
    }
}

/// A study document's text from a file's bytes, in any document format: the command line's and the API's one
/// reading.
public enum DocumentReader {
    public static func text(_ data: Data, format: DocumentFormat) throws -> String {
        if format.isBinary { return try OfficeText.read(data, format: format) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw StatlasError.invalid([FieldError("content", "The document is not UTF-8 text")])
        }
        return try DocumentText.read(text, format: format)
    }

    /// The format a file's extension names: .txt, .md, .vtt, .srt, .docx, .odt.
    public static func format(ofFile path: String) -> DocumentFormat? {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "txt", "text": .text
        case "md", "markdown": .markdown
        case "vtt": .vtt
        case "srt": .srt
        case "docx": .docx
        case "odt": .odt
        default: nil
        }
    }
}

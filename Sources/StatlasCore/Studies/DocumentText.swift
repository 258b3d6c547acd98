import Foundation

/// Reads a document's text as a study stores it: UTF-8, LF line ends, no byte-order mark, trailing spaces of
/// each line removed; caption files (WebVTT, SubRip) become one line per turn ("Speaker: words"), without cue
/// numbers, timings or markup. Positions in the result are counted in Unicode scalars.
public enum DocumentText {
    /// The normalised text of `content` in `format`; a field error when it cannot be read.
    public static func read(_ content: String, format: DocumentFormat) throws -> String {
        let text = normalise(content)
        switch format {
        case .text, .markdown: return text
        case .vtt: return try captions(text, webVTT: true)
        case .srt: return try captions(text, webVTT: false)
        case .docx, .odt:
            // Read from the file's bytes (StatlasExchange's OfficeText); here only text formats.
            throw StatlasError.invalid([FieldError("format", "\(format.rawValue) documents are read from their file")])
        }
    }

    /// UTF-8 text with LF line ends and no BOM; lines without trailing spaces; no trailing blank lines.
    public static func normalise(_ content: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousCR = false
        for scalar in content.unicodeScalars {
            if scalar == "\u{FEFF}" && scalars.isEmpty { continue }
            if scalar == "\r" {
                scalars.append("\n")
                previousCR = true
                continue
            }
            if scalar == "\n" && previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            scalars.append(scalar)
        }
        let lines = String(scalars).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var end = line.unicodeScalars.endIndex
            while end > line.unicodeScalars.startIndex,
                [" ", "\t"].contains(line.unicodeScalars[line.unicodeScalars.index(before: end)])
            {
                end = line.unicodeScalars.index(before: end)
            }
            return String(line.unicodeScalars[line.unicodeScalars.startIndex..<end])
        }
        var kept = lines
        while let last = kept.last, last.isEmpty { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    /// The turns of a caption file: consecutive cues by one speaker join into one line.
    static func captions(_ text: String, webVTT: Bool) throws -> String {
        var blocks = text.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map(String.init) }
        if webVTT {
            guard let first = blocks.first?.first, first.hasPrefix("WEBVTT") else {
                throw StatlasError.invalid([FieldError("content", "A WebVTT file starts with the line WEBVTT")])
            }
            blocks.removeFirst()
        }
        var turns: [(speaker: String?, words: String)] = []
        for var block in blocks where !block.isEmpty {
            if webVTT, let head = block.first,
                head.hasPrefix("NOTE") || head.hasPrefix("STYLE") || head.hasPrefix("REGION")
            {
                continue
            }
            guard let timing = block.firstIndex(where: { $0.contains("-->") }) else {
                throw StatlasError.invalid([
                    FieldError(
                        "content",
                        "A caption has no timing line (00:00:01.000 --> 00:00:02.000): “\(block[0].prefix(60))”")
                ])
            }
            block.removeFirst(timing + 1)
            // A cue's later lines without a speaker of their own continue its first line's speaker.
            var cueSpeaker: String?
            for (index, line) in block.enumerated() {
                var (speaker, words) = speakerAndWords(line)
                if index == 0 { cueSpeaker = speaker } else if speaker == nil { speaker = cueSpeaker }
                guard !words.isEmpty else { continue }
                if let last = turns.last, last.speaker == speaker {
                    turns[turns.count - 1].words += " " + words
                } else {
                    turns.append((speaker, words))
                }
            }
        }
        return turns.map { ($0.speaker.map { $0 + ": " } ?? "") + $0.words }.joined(separator: "\n")
    }

    /// Caption tags the formats define go (`<i>`, `</v>`, `<c.loud>`, `<00:00:01.000>`, SubRip's `{\\an8}`);
    /// anything else between brackets is words ("fewer than <5 staff").
    static func withoutMarkup(_ text: String) -> String {
        let tags: Set<String> = ["i", "b", "u", "c", "v", "lang", "ruby", "rt", "font"]
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(where: { $0 == "<" || $0 == "{" }) {
            result += rest[..<open]
            let closer: Character = rest[open] == "<" ? ">" : "}"
            guard let close = rest[open...].firstIndex(of: closer) else { break }
            let inside = rest[rest.index(after: open)..<close]
            let name = inside.drop { $0 == "/" }.prefix { $0.isLetter }.lowercased()
            let isTag =
                closer == "}"
                ? inside.hasPrefix("\\")
                : tags.contains(name)
                    || (!inside.isEmpty && inside.allSatisfy { $0.isNumber || $0 == ":" || $0 == "." })
            if !isTag { result += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// WebVTT's character references as the characters they stand for.
    static func decodeReferences(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&lrm;", with: "\u{200E}")
            .replacingOccurrences(of: "&rlm;", with: "\u{200F}").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A caption line's speaker (`<v Name>` in WebVTT, or a leading "Name:") and its words without markup.
    static func speakerAndWords(_ line: String) -> (String?, String) {
        var speaker: String?
        var text = line
        if text.hasPrefix("<v"), let close = text.firstIndex(of: ">") {
            // "<v Name>" or "<v.class Name>": the name follows the first space.
            let inside = text[text.index(text.startIndex, offsetBy: 2)..<close]
            speaker = String(inside.drop { $0 != " " }).trimmedWhitespace()
            text = String(text[text.index(after: close)...])
        }
        var words = decodeReferences(withoutMarkup(text)).trimmedWhitespace()
        if speaker == nil, let colon = words.firstIndex(of: ":"),
            words.distance(from: words.startIndex, to: colon) <= 40
        {
            let name = words[..<colon].trimmedWhitespace()
            if !name.isEmpty && name.split(separator: " ").count <= 4 {
                speaker = name
                words = words[words.index(after: colon)...].trimmedWhitespace()
            }
        }
        return (speaker?.isEmpty == true ? nil : speaker, words)
    }
}

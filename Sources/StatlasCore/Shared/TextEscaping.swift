/// Escaping that Unicode cannot defeat (STANDARDS.md S17). Swift's `Character` is a grapheme cluster, so
/// `"<\u{301}"` is one `Character` that is not `"<"`, and U+0600 joins the character after it; an escaper
/// that compares `Character`s writes such a `<` raw. These functions work on UTF-8 bytes instead: every
/// character they replace is ASCII, and no byte of a multi-byte UTF-8 sequence is ASCII, so a special
/// character is found whatever marks surround it.
public enum TextEscaping {
    /// Text for HTML or XML content and attribute values (HTML pages, SVG, GraphML, GEXF, ODS): `&`, `<`, `>`,
    /// `"` and `'` become character references, and what XML 1.0 cannot carry at all (C0 controls other than
    /// tab and line breaks, U+FFFE and U+FFFF) becomes U+FFFD.
    public static func markup(_ text: String) -> String {
        replacing(text) { byte in
            switch byte {
            case UInt8(ascii: "&"): return Array("&amp;".utf8)
            case UInt8(ascii: "<"): return Array("&lt;".utf8)
            case UInt8(ascii: ">"): return Array("&gt;".utf8)
            case UInt8(ascii: "\""): return Array("&quot;".utf8)
            case UInt8(ascii: "'"): return Array("&#39;".utf8)
            case 0x09, 0x0A, 0x0D: return nil
            case 0x00..<0x20, 0x7F: return replacementCharacter
            default: return nil
            }
        }
    }

    /// JSON made safe inside an HTML `<script>` element: `<`, `>` and `&` become `\u003c`, `\u003e` and
    /// `\u0026`, which JSON readers decode back, so the text can never close the element or open a comment.
    public static func scriptJSON(_ json: String) -> String {
        replacing(json) { byte in
            switch byte {
            case UInt8(ascii: "<"): return Array("\\u003c".utf8)
            case UInt8(ascii: ">"): return Array("\\u003e".utf8)
            case UInt8(ascii: "&"): return Array("\\u0026".utf8)
            default: return nil
            }
        }
    }

    /// The UTF-8 bytes of U+FFFD.
    static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// The text with each ASCII byte for which `replacement` gives bytes replaced by them; U+FFFE and U+FFFF,
    /// which no XML or HTML document may hold, become U+FFFD. Text needing no change is returned as it is.
    static func replacing(_ text: String, _ replacement: (UInt8) -> [UInt8]?) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { ($0 < 0x80 && replacement($0) != nil) || $0 == 0xEF }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        var bytes = Array(utf8)[...]
        while let byte = bytes.first {
            if byte < 0x80, let replaced = replacement(byte) {
                out += replaced
                bytes = bytes.dropFirst()
            } else if byte == 0xEF, bytes.count >= 3, bytes[bytes.startIndex + 1] == 0xBF,
                bytes[bytes.startIndex + 2] == 0xBE || bytes[bytes.startIndex + 2] == 0xBF
            {
                out += replacementCharacter  // U+FFFE or U+FFFF
                bytes = bytes.dropFirst(3)
            } else {
                out.append(byte)
                bytes = bytes.dropFirst()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

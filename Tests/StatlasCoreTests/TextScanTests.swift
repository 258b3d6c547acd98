import Foundation
import Testing

@testable import StatlasCore

/// The scalar-based text checks that imports run on every field agree exactly with the Unicode properties and
/// Foundation calls they replaced.
@Suite("Text scans: control characters and trimming")
struct TextScanTests {
    @Test("present(in:) is general category Cc other than tab, line feed and carriage return, for every scalar")
    func controlCharacters() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.generalCategory == .control && !["\t", "\n", "\r"].contains(scalar)
            if ControlCharacters.present(in: "a" + String(scalar) + "b") != expected {
                Issue.record("U+\(String(value, radix: 16)) should be \(expected)")
                return
            }
        }
    }

    @Test("Errors name each string holding a control character, in path order, and nothing else")
    func controlErrors() {
        let value = JSONValue.object([
            "b": .array([.string("ok"), .string("bad\u{0}"), .number(1)]),
            "a": .object(["z": .string("x\u{85}"), "y": .bool(true), "x": .string("fine\t\n")]),
            "c": .string("clean"),
        ])
        #expect(ControlCharacters.errors(in: value, path: "").map(\.field) == ["a.z", "b[1]"])
        #expect(ControlCharacters.errors(in: .string("\u{7F}"), path: "title").map(\.field) == ["title"])
    }

    @Test("trimmedWhitespace matches Foundation's trimming with and without newlines, on 5,000 random strings")
    func trimming() {
        let pieces: [String] = [
            " ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{1680}", "\u{2003}", "\u{2028}",
            "\u{2029}", "\u{202F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "\u{180E}", "\u{2060}", "\u{200C}", "a", "é",
            "e\u{301}", "\u{301}", "<", "🏴",
            "x y", "",
        ]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let text = (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }
                .joined()
            #expect(
                text.trimmedWhitespace() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.debugDescription)")
            #expect(
                text.trimmedWhitespace(newlines: false) == text.trimmingCharacters(in: .whitespaces),
                "\(text.debugDescription)")
        }
        #expect(Substring("  ab ").trimmedWhitespace() == "ab")
    }
}

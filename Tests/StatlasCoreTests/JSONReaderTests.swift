import Foundation
import Testing

@testable import StatlasCore

/// The one-pass JSON reader and writer agree with Foundation's decoder on every value, escape and number.
@Suite("One-pass JSON reading and writing")
struct JSONReaderTests {
    /// A random JSON value of bounded depth, with strings drawn from awkward characters.
    func random(_ rng: inout SystemRandomNumberGenerator, depth: Int) -> JSONValue {
        let pieces = ["a", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1F}", "é", "e\u{301}", "😀", "<", "\u{2028}", " "]
        switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let n = [0, -1, 1.5, 1e-7, 123_456_789_012, -0.25, 9_007_199_254_740_991, 1e300][
                Int.random(in: 0..<8, using: &rng)]
            return .number(n)
        case 3:
            return .string(
                (0..<Int.random(in: 0..<6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        case 4: return .array((0..<Int.random(in: 0..<4, using: &rng)).map { _ in random(&rng, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0..<4, using: &rng) {
                object[pieces.randomElement(using: &rng)! + "k"] = random(&rng, depth: depth + 1)
            }
            return .object(object)
        }
    }

    @Test("Written values read back equal, and Foundation reads what is written, and writes what is read")
    func roundTrips() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let value = random(&rng, depth: 0)
            let written = try #require(value.written())
            #expect(JSONValue.read(written) == value, "\(String(decoding: written, as: UTF8.self))")
            #expect(try RecordCodec.decoder().decode(JSONValue.self, from: written) == value)
            let foundation = try RecordCodec.encoder().encode(value)
            #expect(JSONValue.read(foundation) == value)
        }
    }

    @Test("Escapes, surrogate pairs and whitespace are read as Foundation reads them; bad text is nil")
    func edgeCases() throws {
        let text = #" { "a" : [ "\u00e9\ud83d\ude00\n\"\\\/" , -1.5e2 , true , null ] , "b" : { } } "#
        #expect(
            JSONValue.read(Data(text.utf8)) == (try RecordCodec.decoder().decode(JSONValue.self, from: Data(text.utf8)))
        )
        for bad in ["", "{", "[1,]", "{\"a\":}", "tru", "1e400", "\"abc", "[1] x", "{\"a\" 1}", "\"\\x\""] {
            #expect(JSONValue.read(Data(bad.utf8)) == nil, "\(bad)")
        }
        #expect(JSONValue.read(Data(String(repeating: "[", count: 10_000).utf8)) == nil)
        #expect(JSONValue.number(.infinity).written() == nil)
    }

    @Test("A record's fields read from its encoding equal Foundation's reading")
    func records() throws {
        var dataset = Dataset()
        (dataset.id, dataset.title, dataset.summary) = ("d", "Crime \"rates\" <b>", "line\nbreak é 😀")
        dataset.keywords = ["a", "b\\c"]
        let data = try RecordCodec.encoder().encode(dataset)
        let expected = try RecordCodec.decoder().decode(JSONValue.self, from: data)
        #expect(RecordCodec.object(encoded: data).map(JSONValue.object) == expected)
    }
}

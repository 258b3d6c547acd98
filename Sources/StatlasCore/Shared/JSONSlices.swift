import Foundation

/// Reading a JSON object a member at a time, and a long array a run of elements at a time, for
/// `SlicedCodable`: the document is scanned for where each member and element begins and ends (strings,
/// escapes and nesting followed, nothing decoded), and only one run at a time is handed to `JSONDecoder`.
public struct JSONSlices {
    /// The document, copied once.
    let bytes: [UInt8]
    /// Each top-level member's value, by name, as a range of `bytes`.
    let members: [String: Range<Int>]

    /// The members of the JSON object `data` holds; throws when it is not one.
    public init(_ data: Data) throws {
        let bytes = [UInt8](data)
        self.bytes = bytes
        var found: [String: Range<Int>] = [:]
        var i = Self.skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw Self.malformed("an object") }
        i = Self.skipSpace(bytes, i + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            members = [:]
            return
        }
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Self.malformed("a member name") }
            let nameEnd = try Self.valueEnd(bytes, i)
            let name = try JSONDecoder().decode(String.self, from: Data(bytes[i..<nameEnd]))
            i = Self.skipSpace(bytes, nameEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Self.malformed("a colon") }
            let start = Self.skipSpace(bytes, i + 1)
            let end = try Self.valueEnd(bytes, start)
            found[name] = start..<end
            i = Self.skipSpace(bytes, end)
            guard i < bytes.count else { throw Self.malformed("the end of the object") }
            if bytes[i] == UInt8(ascii: "}") { break }
            guard bytes[i] == UInt8(ascii: ",") else { throw Self.malformed("a comma") }
            i = Self.skipSpace(bytes, i + 1)
        }
        members = found
    }

    /// The member `name`, decoded whole.
    public func value<T: Decodable>(_ name: String, as type: T.Type, _ decoder: JSONDecoder) throws -> T {
        guard let range = members[name] else { throw Self.malformed("the member \(name)") }
        return try decoder.decode(T.self, from: Data(bytes[range]))
    }

    /// The array member `name`, decoded `slice` elements at a time.
    public func array<T: Decodable>(_ name: String, of type: T.Type, _ decoder: JSONDecoder, slice: Int = 1000)
        throws -> [T]
    {
        guard let range = members[name], bytes[range].first == UInt8(ascii: "[") else {
            throw Self.malformed("the array \(name)")
        }
        var result: [T] = []
        var i = Self.skipSpace(bytes, range.lowerBound + 1)
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { return [] }
        var runStart = i
        var inRun = 0
        while true {
            let end = try Self.valueEnd(bytes, i)
            inRun += 1
            i = Self.skipSpace(bytes, end)
            guard i < bytes.count else { throw Self.malformed("the end of \(name)") }
            let last = bytes[i] == UInt8(ascii: "]")
            guard last || bytes[i] == UInt8(ascii: ",") else { throw Self.malformed("a comma in \(name)") }
            if last || inRun == max(1, slice) {
                var run = Data([UInt8(ascii: "[")])
                run.append(contentsOf: bytes[runStart..<end])
                run.append(UInt8(ascii: "]"))
                result += try decoder.decode([T].self, from: run)
                inRun = 0
                runStart = Self.skipSpace(bytes, i + 1)
            }
            if last { return result }
            i = Self.skipSpace(bytes, i + 1)
        }
    }

    static func malformed(_ expected: String) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Expected \(expected) in the JSON"))
    }

    static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
        return i
    }

    /// Where the JSON value beginning at `start` ends (one past its last byte).
    static func valueEnd(_ bytes: [UInt8], _ start: Int) throws -> Int {
        guard start < bytes.count else { throw malformed("a value") }
        var i = start
        var depth = 0
        var inString = false
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if b == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return i + 1 }
                }
            } else {
                switch b {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return i }  // the end of a scalar before its container closes
                    depth -= 1
                    if depth == 0 { return i + 1 }
                case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 { return i }
                default: break
                }
            }
            i += 1
        }
        guard depth == 0, !inString else { throw malformed("the end of a value") }
        return i
    }
}

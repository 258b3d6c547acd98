import Foundation

extension JSONValue {
    /// The value as compact JSON text, written straight into bytes (`JSONEncoder` goes through a container per
    /// value). Nil when it holds a number JSON cannot write (infinity, NaN), for the caller to report.
    /// With `sortedKeys`, object members are written in the order of their names' UTF-8 bytes, as stored bodies
    /// are (so that equal records have equal bodies).
    public func written(sortedKeys: Bool = false) -> Data? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        guard Self.write(self, sorted: sortedKeys, into: &out) else { return nil }
        return Data(out)
    }

    private static func write(_ value: JSONValue, sorted: Bool, into out: inout [UInt8]) -> Bool {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n):
            guard n.isFinite else { return false }
            if n.rounded() == n, abs(n) <= 9_007_199_254_740_992 {
                out.append(contentsOf: String(Int64(n)).utf8)
            } else {
                out.append(contentsOf: "\(n)".utf8)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                guard write(item, sorted: sorted, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let fields):
            out.append(UInt8(ascii: "{"))
            let members = sorted ? fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : Array(fields)
            for (i, (key, item)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                guard write(item, sorted: sorted, into: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), byte])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                Hex.append(byte, to: &out)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

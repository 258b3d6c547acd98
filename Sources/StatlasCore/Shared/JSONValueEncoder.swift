import Foundation

/// Encodes an `Encodable` value straight into a `JSONValue` tree, as `RecordCodec.encoder()` would into text
/// (ISO 8601 dates to the second, absent optionals left out). An import encodes each record once this way and
/// has both what validation reads (the tree) and the stored body (`written(sortedKeys:)`), where it encoded the
/// record as text with `JSONEncoder` and parsed that text back.
public struct JSONValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try TreeEncoder.box(value, path: [])
    }
}

/// A value being built: a leaf, or an object or array whose members may still be written to.
private final class TreeNode {
    enum Content {
        case empty
        case leaf(JSONValue)
        case object([String: TreeNode])
        case array([TreeNode])
    }

    var content: Content = .empty

    init(_ content: Content = .empty) { self.content = content }

    /// The finished value (an encoder that wrote nothing gives an empty object, as `JSONEncoder` does).
    var value: JSONValue {
        switch content {
        case .empty: .object([:])
        case .leaf(let v): v
        case .object(let members): .object(members.mapValues(\.value))
        case .array(let items): .array(items.map(\.value))
        }
    }

    func set(_ key: String, _ node: TreeNode) {
        guard case .object(var members) = content else { return }
        content = .empty
        members[key] = node
        content = .object(members)
    }

    func append(_ node: TreeNode) {
        guard case .array(var items) = content else { return }
        content = .empty
        items.append(node)
        content = .array(items)
    }

    var count: Int {
        if case .array(let items) = content { return items.count }
        return 0
    }
}

private struct TreeEncoder: Encoder {
    let node: TreeNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// `value` as a tree: leaves and dates directly, anything else through its own `encode(to:)`.
    static func box<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> JSONValue {
        if let leaf = try leaf(value, path: path) { return leaf }
        let node = TreeNode()
        try value.encode(to: TreeEncoder(node: node, codingPath: path))
        return node.value
    }

    static func node<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> TreeNode {
        if let leaf = try leaf(value, path: path) { return TreeNode(.leaf(leaf)) }
        let node = TreeNode()
        try value.encode(to: TreeEncoder(node: node, codingPath: path))
        return node
    }

    static func leaf<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> JSONValue? {
        switch value {
        case let v as JSONValue: return v
        case let s as String: return .string(s)
        case let b as Bool: return .bool(b)
        case let n as Int: return .number(Double(n))
        case let d as Double:
            guard d.isFinite else {
                throw EncodingError.invalidValue(
                    d, .init(codingPath: path, debugDescription: "Unable to encode \(d) directly in JSON."))
            }
            return .number(d)
        case let date as Date: return .string(Timestamp.string(date))
        case let url as URL: return .string(url.absoluteString)
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {} else { node.content = .object([:]) }
        return KeyedEncodingContainer(TreeKeyedEncoding<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {} else { node.content = .array([]) }
        return TreeUnkeyedEncoding(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleEncoding(node: node, codingPath: codingPath)
    }
}

private struct TreeKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: TreeNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws { node.set(key.stringValue, TreeNode(.leaf(.null))) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try TreeEncoder.node(value, path: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = TreeNode(.object([:]))
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(TreeKeyedEncoding<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = TreeNode(.array([]))
        node.set(key.stringValue, child)
        return TreeUnkeyedEncoding(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let child = TreeNode()
        node.set(name, child)
        return TreeEncoder(node: child, codingPath: codingPath)
    }
}

private struct TreeUnkeyedEncoding: UnkeyedEncodingContainer {
    let node: TreeNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextKey: any CodingKey { JSONValue.AnyKey(intValue: node.count)! }

    mutating func encodeNil() throws { node.append(TreeNode(.leaf(.null))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try TreeEncoder.node(value, path: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        let child = TreeNode(.object([:]))
        let path = codingPath + [nextKey]
        node.append(child)
        return KeyedEncodingContainer(TreeKeyedEncoding<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = TreeNode(.array([]))
        let path = codingPath + [nextKey]
        node.append(child)
        return TreeUnkeyedEncoding(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = TreeNode()
        node.append(child)
        return TreeEncoder(node: child, codingPath: codingPath)
    }
}

private struct TreeSingleEncoding: SingleValueEncodingContainer {
    let node: TreeNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .leaf(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.content = try TreeEncoder.node(value, path: codingPath).content
    }

    mutating func encode(_ value: Bool) throws { node.content = .leaf(.bool(value)) }
    mutating func encode(_ value: String) throws { node.content = .leaf(.string(value)) }
    mutating func encode(_ value: Double) throws { try encode(value as Double?) }
    mutating func encode(_ value: Float) throws { try encode(Double(value) as Double?) }
    mutating func encode(_ value: Int) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: Int8) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: Int16) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: Int32) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: Int64) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: UInt) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: UInt8) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: UInt16) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: UInt32) throws { node.content = .leaf(.number(Double(value))) }
    mutating func encode(_ value: UInt64) throws { node.content = .leaf(.number(Double(value))) }

    private mutating func encode(_ value: Double?) throws {
        node.content = .leaf(try TreeEncoder.leaf(value ?? 0, path: codingPath) ?? .null)
    }
}

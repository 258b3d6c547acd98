import Foundation

/// Any JSON value; used to lay a submitted body over a stored or blank record.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number that cannot be read exactly: beyond what a Double holds at all (such as 1e400), or, when
    /// decoding with `RecordCodec.strictDecoder()`, of magnitude 2^53 or more, where a Double no longer holds
    /// every integer and a submitted `9007199254740993` would silently become `…992` (STANDARDS.md R12).
    public struct UnreadableNumber: Error, Sendable, Equatable {
        /// The JSON path of the number, such as `assessments[1].power`.
        public var path: String
    }

    /// Set to `true` in a decoder's `userInfo` to refuse numbers of magnitude 2^53 or more.
    public static let strictNumbers = CodingUserInfoKey(rawValue: "statlas.strictNumbers")!

    public init(from decoder: Decoder) throws {
        // Leaves first, then containers whose elements are decoded with `try`, so that an unreadable number
        // deep inside reaches the caller with its path rather than being swallowed by a `try?`.
        if let c = try? decoder.singleValueContainer() {
            if c.decodeNil() {
                self = .null
                return
            }
            if let s = try? c.decode(String.self) {
                self = .string(s)
                return
            }
            if let b = try? c.decode(Bool.self) {
                self = .bool(b)
                return
            }
            if let n = try? c.decode(Double.self) {
                if decoder.userInfo[Self.strictNumbers] as? Bool == true, !(n.magnitude <= Double(Bounds.safeInteger)) {
                    throw UnreadableNumber(path: RecordCodec.path(decoder.codingPath))
                }
                self = .number(n)
                return
            }
        }
        if var items = try? decoder.unkeyedContainer() {
            var array: [JSONValue] = []
            while !items.isAtEnd { array.append(try items.decode(JSONValue.self)) }
            self = .array(array)
            return
        }
        if let fields = try? decoder.container(keyedBy: AnyKey.self) {
            var object: [String: JSONValue] = [:]
            for key in fields.allKeys { object[key.stringValue] = try fields.decode(JSONValue.self, forKey: key) }
            self = .object(object)
            return
        }
        // Syntax was checked before decoding began, so the only value left is a number no Double can hold.
        throw UnreadableNumber(path: RecordCodec.path(decoder.codingPath))
    }

    /// Any key of a JSON object.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) {
            self.stringValue = String(intValue)
            self.intValue = intValue
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if n.rounded() == n, abs(n) < 9e15 { try c.encode(Int64(n)) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}

/// JSON encoding and decoding of records, shared by the API, exports and storage.
public enum RecordCodec {
    /// The encoder used everywhere: sorted keys, ISO 8601 timestamps.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    /// The matching decoder.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// The decoder for what clients send: as `decoder()`, but refusing numbers of magnitude 2^53 or more.
    public static func strictDecoder() -> JSONDecoder {
        let d = decoder()
        d.userInfo[JSONValue.strictNumbers] = true
        return d
    }

    /// The submitted JSON as a value, every number readable exactly. An unreadable number is a field error
    /// (422) naming its path; text that is not JSON is a bad request.
    public static func parse(_ body: Data) throws(StatlasError) -> JSONValue {
        do {
            return try strictDecoder().decode(JSONValue.self, from: body)
        } catch let error as JSONValue.UnreadableNumber {
            throw StatlasError.invalid([numberError(at: error.path, fields: [])])
        } catch {
            throw StatlasError.badRequest("The request body is not valid JSON: \(describe(error))")
        }
    }

    /// The error for an unreadable number: the field's bounds when `fields` declares them.
    static func numberError(at path: String, fields: [FieldSpec]) -> FieldError {
        let name = String(path.split(separator: ".").last.map { $0.prefix { $0 != "[" } } ?? Substring(path))
        if let bounds = FieldSpec.field(at: path, in: fields)?.bounds {
            return FieldError(path, "\(name) must be a whole number \(Bounds.words(bounds))")
        }
        let limit = Bounds.grouped(Bounds.safeInteger)
        return FieldError(path, "\(name) must be a number from −\(limit) to \(limit)")
    }

    /// A JSON path from coding keys: `a.b[2].c`.
    public static func path(_ keys: [CodingKey]) -> String {
        keys.reduce("") { acc, key in
            if let i = key.intValue { return acc + "[\(i)]" }
            return acc.isEmpty ? key.stringValue : acc + "." + key.stringValue
        }
    }

    /// Decodes a submitted JSON object laid over `base` (the stored record for a partial update,
    /// or the blank record for a create). Missing required fields and wrongly typed values come back
    /// as field errors; a body that is not a JSON object is a bad request.
    public static func decode<R: Record>(_ type: R.Type, body: Data, over base: R) throws(StatlasError) -> R {
        let submitted: [String: JSONValue]
        do throws(StatlasError) {
            guard case .object(let object) = try parse(body) else {
                throw StatlasError.badRequest("The request body must be a JSON object")
            }
            submitted = object
        } catch .invalid(let errors) {
            throw StatlasError.invalid(errors.map { numberError(at: $0.field, fields: R.fields) })
        }
        return try decode(type, object: submitted, over: base)
    }

    /// A record as its JSON object (nil only if it cannot be encoded).
    public static func object<R: Record>(_ record: R) -> [String: JSONValue]? {
        guard case .object(let object)? = try? JSONValueEncoder().encode(record) else { return nil }
        return object
    }

    /// A record as stored: its fields (for validation) and its body, compact JSON with sorted keys, from one
    /// encoding.
    public static func stored<R: Record>(_ record: R) throws -> (object: [String: JSONValue], body: Data) {
        let object = try tree(record)
        return (object, try written(object, of: record))
    }

    /// `object` (fields of `record`) as compact JSON with sorted keys, as bodies are stored.
    public static func written<R: Record>(_ object: [String: JSONValue], of record: R) throws -> Data {
        guard let body = JSONValue.object(object).written(sortedKeys: true) else {
            throw EncodingError.invalidValue(
                record, .init(codingPath: [], debugDescription: "The record holds a number JSON cannot write"))
        }
        return body
    }

    /// A record's fields, encoded as a JSON tree (what validation reads, and what a stored body is written from).
    public static func tree<R: Record>(_ record: R) throws -> [String: JSONValue] {
        guard case .object(let object) = try JSONValueEncoder().encode(record) else {
            throw EncodingError.invalidValue(
                record, .init(codingPath: [], debugDescription: "A record must encode as a JSON object"))
        }
        return object
    }

    /// A record's fields from its encoding by `encoder()`.
    public static func object(encoded data: Data) -> [String: JSONValue]? {
        guard case .object(let object)? = JSONValue.read(data) else { return nil }
        return object
    }

    /// As `decode(_:body:over:)` for an already parsed object. `baseObject`, when given, is `object(base)`
    /// computed once by a caller that lays many rows over the same base (an import over the blank record).
    /// `requiring: false` skips the check for required fields (a form checks the rest of a record whose
    /// missing values it has reported already).
    public static func decode<R: Record>(
        _ type: R.Type, object submitted: [String: JSONValue], over base: R, baseObject: [String: JSONValue]? = nil,
        requiring: Bool = true
    ) throws(StatlasError) -> R {
        guard var merged = baseObject ?? object(base) else {
            throw StatlasError.badRequest("The record could not be prepared")
        }
        for (key, value) in submitted { merged[key] = value }
        // A stored record (version > 0) already has its required fields; a new one must submit them.
        let given = base.version > 0 ? merged : submitted
        let missing = R.requiredFields.filter { requiring && (given[$0] == nil || given[$0] == .null) }
            .map { FieldError($0, "Enter \($0): it is required") }
        // Numbers within bounds are checked with the rest of the record (`validateAll`); those that cannot
        // even be read as whole numbers are reported here, in the bounds' words.
        var unreadable = FieldSpec.boundErrors(submitted, fields: R.fields, unreadableOnly: true)
        if let version = submitted["version"], version != .null {
            let whole: Bool = if case .number(let n) = version { n.rounded() == n && n >= 0 } else { false }
            if !whole {
                unreadable.append(
                    FieldError("version", "version must be the whole number the record's ETag gives (0 or more)"))
            }
        }
        if !unreadable.isEmpty { throw StatlasError.invalid(unique(missing + unreadable)) }
        do {
            let record = try JSONValueDecoder().decode(R.self, from: .object(merged))
            if !missing.isEmpty { throw StatlasError.invalid(missing) }
            return record
        } catch let error as DecodingError {
            throw StatlasError.invalid(unique(missing + [fieldError(error)]))
        } catch let error as StatlasError {
            throw error
        } catch {
            throw StatlasError.badRequest("The record could not be read")
        }
    }

    static func unique(_ errors: [FieldError]) -> [FieldError] {
        var seen = Set<String>()
        return errors.filter { seen.insert($0.field).inserted }
    }

    /// Turns a decoding error into a field error naming the JSON path.
    static func fieldError(_ error: DecodingError) -> FieldError {
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(path(context.codingPath + [key]), "Enter \(key.stringValue): it is required")
        case .valueNotFound(_, let context):
            return FieldError(path(context.codingPath), "\(path(context.codingPath)) must not be null")
        case .typeMismatch(let type, let context):
            return FieldError(path(context.codingPath), "\(path(context.codingPath)) must be \(typeName(type))")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let reason =
                context.debugDescription.hasPrefix("Cannot initialize")
                ? "is not one of the allowed values" : context.debugDescription
            return FieldError(field, "\(field) \(reason)")
        @unknown default:
            return FieldError("body", "The record could not be read")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name.contains("Int") { return "a whole number" }
        if name.contains("Bool") { return "true or false" }
        if name.contains("Array") { return "a list" }
        if name.contains("Dictionary") { return "an object" }
        if name.contains("Double") { return "a number" }
        return "text"
    }

    static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        }
        return "it could not be parsed"
    }
}

/// JSON written as Swift literals, for documents built in code (OpenAPI, CKAN answers, JSON-LD).
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
    ExpressibleByArrayLiteral, ExpressibleByIntegerLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }

    /// A string, or null for nil.
    public static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}

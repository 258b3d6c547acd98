import Foundation

/// Any JSON value; used to lay a submitted body over a stored or blank record.
public enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
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

    /// Decodes a submitted JSON object laid over `base` (the stored record for a partial update,
    /// or the blank record for a create). Missing required fields and wrongly typed values come back
    /// as field errors; a body that is not a JSON object is a bad request.
    public static func decode<R: Record>(_ type: R.Type, body: Data, over base: R) throws(StatlasError) -> R {
        let submitted: [String: JSONValue]
        do {
            guard case .object(let object) = try decoder().decode(JSONValue.self, from: body) else {
                throw StatlasError.badRequest("The request body must be a JSON object")
            }
            submitted = object
        } catch let error as StatlasError {
            throw error
        } catch {
            throw StatlasError.badRequest("The request body is not valid JSON: \(describe(error))")
        }
        return try decode(type, object: submitted, over: base)
    }

    /// A record as its JSON object (nil only if it cannot be encoded).
    public static func object<R: Record>(_ record: R) -> [String: JSONValue]? {
        guard let data = try? encoder().encode(record), case .object(let object)? = try? decoder().decode(JSONValue.self, from: data)
        else { return nil }
        return object
    }

    /// As `decode(_:body:over:)` for an already parsed object.
    public static func decode<R: Record>(_ type: R.Type, object submitted: [String: JSONValue], over base: R) throws(StatlasError) -> R {
        guard var merged = object(base) else { throw StatlasError.badRequest("The record could not be prepared") }
        for (key, value) in submitted { merged[key] = value }
        // A stored record (version > 0) already has its required fields; a new one must submit them.
        let given = base.version > 0 ? merged : submitted
        let missing = R.requiredFields.filter { given[$0] == nil || given[$0] == .null }
            .map { FieldError($0, "Enter \($0): it is required") }
        do {
            let data = try encoder().encode(JSONValue.object(merged))
            let record = try decoder().decode(R.self, from: data)
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
        func path(_ keys: [CodingKey]) -> String {
            keys.reduce("") { acc, key in
                if let i = key.intValue { return acc + "[\(i)]" }
                return acc.isEmpty ? key.stringValue : acc + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(path(context.codingPath + [key]), "Enter \(key.stringValue): it is required")
        case .valueNotFound(_, let context):
            return FieldError(path(context.codingPath), "\(path(context.codingPath)) must not be null")
        case .typeMismatch(let type, let context):
            return FieldError(path(context.codingPath), "\(path(context.codingPath)) must be \(typeName(type))")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let reason = context.debugDescription.hasPrefix("Cannot initialize")
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

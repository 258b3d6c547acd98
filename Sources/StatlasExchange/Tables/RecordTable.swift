import Foundation
import StatlasCore

/// Statlas's own CSV and JSON formats, the same for every kind of record.
///
/// JSON is an array of records exactly as the API shows them. CSV has one row per record and one
/// snake_case column per field; lists and nested values are JSON text in their cell (a list of
/// plain values may also be written `a; b`), text cells are formula-neutralised.
public enum RecordTable {
    /// Fields that the store sets; exported for reference, ignored on import.
    static let bookkeeping: Set<String> = ["version", "createdAt", "updatedAt"]

    /// The fields of a kind, id first, from its fully populated example.
    static func fields(_ type: any Record.Type) -> [(name: String, example: JSONValue)] {
        guard case .object(let example) = type.exampleJSON else { return [] }
        return example.sorted { ($0.key == "id" ? "" : $0.key) < ($1.key == "id" ? "" : $1.key) }.map {
            ($0.key, $0.value)
        }
    }

    /// `parentCodes` → `parent_codes`.
    public static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { out, c in
            if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) }
        }
    }

    // MARK: Export

    /// Records as a JSON array, pretty-printed with sorted keys.
    public static func json<R: Record>(_ records: [R]) throws -> Data {
        let encoder = RecordCodec.encoder()
        encoder.outputFormatting.insert(.prettyPrinted)
        return try encoder.encode(records)
    }

    /// Records as CSV, one column per field of the kind.
    public static func csv<R: Record>(_ records: [R]) throws -> Data {
        let fields = fields(R.self)
        let encoder = RecordCodec.encoder()
        let rows = try records.map { record -> [String] in
            guard
                case .object(let object) = try RecordCodec.decoder().decode(
                    JSONValue.self, from: encoder.encode(record))
            else { return [] }
            return fields.map { cell(object[$0.name], encoder) }
        }
        return CSVOutput.write(header: fields.map { snakeCase($0.name) }, rows: rows)
    }

    static func cell(_ value: JSONValue?, _ encoder: JSONEncoder) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return CSVOutput.neutralise(text)
        case .bool(let b)?: return b ? "true" : "false"
        case .number?, .array?, .object?:
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    // MARK: Import

    /// Rows from a Statlas CSV file of this kind.
    public static func rows(csv data: Data, type: any Record.Type) throws -> [ImportRow] {
        let kind = type.kind
        let table = try CSVTable.parse(data)
        let known = Dictionary(fields(type).map { (snakeCase($0.name), $0) }, uniquingKeysWith: { a, _ in a })
        let unknown = table.header.filter { known[$0] == nil }
        guard unknown.isEmpty else {
            throw ImportError(problems: [
                ImportProblem(
                    "line 1",
                    "unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) for \(kind.collection); expected some of \(known.keys.sorted().joined(separator: ", "))"
                )
            ])
        }
        /// The rows of one part of the file, and its problems, in file order.
        @Sendable func read(_ part: ArraySlice<CSVTable.Row>) -> (rows: [ImportRow], problems: [ImportProblem]) {
            var rows: [ImportRow] = []
            var problems: [ImportProblem] = []
            rows.reserveCapacity(part.count)
            for row in part {
                var object: [String: JSONValue] = [:]
                for column in table.header {
                    guard let field = known[column], let text = table.value(row, column),
                        !bookkeeping.contains(field.name)
                    else { continue }
                    do {
                        object[field.name] = try value(text, like: field.example)
                    } catch {
                        problems.append(ImportProblem("line \(row.line)", field: column, error.message))
                    }
                }
                do {
                    rows.append(try importRow(type, object, location: "line \(row.line)"))
                } catch let error as ImportError {
                    problems += error.problems
                } catch {
                    problems.append(ImportProblem("line \(row.line)", "\(error)"))
                }
            }
            return (rows, problems)
        }
        let parts = Parallel.map(Parallel.parts(table.rows[...]), read)
        let problems = parts.flatMap(\.problems)
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return parts.flatMap(\.rows)
    }

    /// Rows from a Statlas JSON file: an array of records (or `{"items": [...]}` as the API lists them).
    public static func rows(json data: Data, type: any Record.Type) throws -> [ImportRow] {
        let kind = type.kind
        let items: [JSONValue]
        switch try JSONInput.parse(data) {
        case .array(let array): items = array
        case .object(let object):
            guard case .array(let array)? = object["items"] else { fallthrough }
            items = array
        default:
            throw ImportError(problems: [ImportProblem("the file", "expected a JSON array of \(kind.collection)")])
        }
        var rows: [ImportRow] = []
        var problems: [ImportProblem] = []
        for (index, item) in items.enumerated() {
            guard case .object(var object) = item else {
                problems.append(ImportProblem("record \(index + 1)", "is not a JSON object"))
                continue
            }
            for name in bookkeeping { object[name] = nil }
            do {
                rows.append(try importRow(type, object, location: "record \(index + 1)"))
            } catch let error as ImportError {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return rows
    }

    /// The import row for one record's fields; the id is the given one or the one the record would generate.
    static func importRow(_ type: any Record.Type, _ object: [String: JSONValue], location: String) throws -> ImportRow
    {
        var id: String? = nil
        if case .string(let given)? = object["id"], !given.isEmpty { id = given }
        if id == nil {
            id = try naturalId(type, object, location: location)
        }
        let label = id.map { "\(location) (\($0))" } ?? location
        return ImportRow(type.kind, id: id ?? "", fields: object, location: label)
    }

    /// The id a record without one would get (an area's code, a theme's slug…).
    static func naturalId<R: Record>(_ type: R.Type, _ object: [String: JSONValue], location: String) throws -> String {
        do {
            var record = try RecordCodec.decode(R.self, object: object, over: R.blank)
            record.prepare(previous: nil, today: CalendarDate(Date()))
            let id = record.id.isEmpty ? record.generatedId() : record.id
            guard !id.isEmpty else { throw StatlasError.invalid([FieldError("id", "Enter an id")]) }
            return id
        } catch let error as StatlasError {
            throw ImportError(problems: ImportProblem.from(error, at: location))
        }
    }

    /// A CSV cell turned into the JSON value its field holds.
    static func value(_ text: String, like example: JSONValue) throws(CellError) -> JSONValue {
        switch example {
        case .string: return .string(CSVOutput.restore(text))
        case .number:
            guard let number = Double(text) else { throw CellError("must be a number, not \"\(text)\"") }
            return .number(number)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw CellError("must be true or false, not \"\(text)\"")
            }
        case .array(let elements):
            if !text.hasPrefix("["), case .string? = elements.first {
                return .array(
                    text.split(separator: ";").map { .string($0.trimmedWhitespace(newlines: false)) }.filter {
                        $0 != .string("")
                    })
            }
            fallthrough
        default:
            guard let value = JSONValue.read(Data(text.utf8)) else {
                throw CellError("must be JSON, like the export writes it")
            }
            return value
        }
    }

    struct CellError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }
}

/// Reading JSON input files with a clear message when they are not JSON.
enum JSONInput {
    static func parse(_ data: Data) throws -> JSONValue {
        do {
            return try RecordCodec.decoder().decode(JSONValue.self, from: data)
        } catch let unreadable as JSONValue.UnreadableNumber {
            throw ImportError(problems: [
                ImportProblem("the file", field: unreadable.path, "is a number no Double can hold")
            ])
        } catch {
            let detail = (error as? DecodingError).flatMap { e -> String? in
                if case .dataCorrupted(let context) = e {
                    return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                }
                return nil
            }
            throw ImportError(problems: [
                ImportProblem("the file", "is not valid JSON\(detail.map { ": \($0)" } ?? "")")
            ])
        }
    }

    /// Reads a JSON file into a Decodable type, naming the path of the first mismatch.
    static func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        _ = try parse(data)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ImportError(problems: [ImportProblem("the file", "is not \(what): \(describe(error))")])
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "\(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "unexpected structure"
        }
    }
}

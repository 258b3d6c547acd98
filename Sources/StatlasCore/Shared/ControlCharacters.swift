/// Text may not carry control characters (NUL and the other C0 and C1 controls, apart from tab and line
/// breaks): they cannot be stored by PostgreSQL (NUL), break CSV and logs, and are never meant.
public enum ControlCharacters {
    /// True when the text holds a control character other than tab, line feed or carriage return.
    public static func present(in text: String) -> Bool {
        // General category Cc is exactly U+0000–U+001F and U+007F–U+009F, so the check needs no property lookup.
        text.unicodeScalars.contains { scalar in
            let v = scalar.value
            return v < 0x20 ? !(v == 0x09 || v == 0x0A || v == 0x0D) : (v >= 0x7F && v <= 0x9F)
        }
    }

    /// One error for every string value (at its JSON path) that holds a control character, in path order.
    /// Paths are only spelled out for containers and for the values found wanting (this runs on every field of
    /// every imported row).
    static func errors(in value: JSONValue, path: String) -> [FieldError] {
        func child(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }
        switch value {
        case .string(let text):
            return present(in: text)
                ? [FieldError(path, "\(path) must not contain control characters (such as NUL)")] : []
        case .array(let items):
            var found: [FieldError] = []
            for (i, item) in items.enumerated() where item.mayHoldControls {
                found += errors(in: item, path: "\(path)[\(i)]")
            }
            return found
        case .object(let fields):
            var found: [(String, [FieldError])] = []
            for (name, field) in fields where field.mayHoldControls {
                let inner = errors(in: field, path: child(name))
                if !inner.isEmpty { found.append((name, inner)) }
            }
            return found.sorted { $0.0 < $1.0 }.flatMap(\.1)
        default:
            return []
        }
    }
}

extension JSONValue {
    /// False for values with no control character in them (numbers, booleans, null, clean text).
    fileprivate var mayHoldControls: Bool {
        switch self {
        case .string(let text): ControlCharacters.present(in: text)
        case .array, .object: true
        default: false
        }
    }
}

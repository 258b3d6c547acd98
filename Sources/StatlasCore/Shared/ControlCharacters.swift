/// Text may not carry control characters (NUL and the other C0 and C1 controls, apart from tab and line
/// breaks): they cannot be stored by PostgreSQL (NUL), break CSV and logs, and are never meant.
public enum ControlCharacters {
    /// True when the text holds a control character other than tab, line feed or carriage return.
    public static func present(in text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            guard scalar.properties.generalCategory == .control else { return false }
            return !["\t", "\n", "\r"].contains(scalar)
        }
    }

    /// One error for every string value (at its JSON path) that holds a control character.
    static func errors(in value: JSONValue, path: String) -> [FieldError] {
        switch value {
        case .string(let text) where present(in: text):
            return [FieldError(path, "\(path) must not contain control characters (such as NUL)")]
        case .array(let items):
            return items.enumerated().flatMap { errors(in: $1, path: "\(path)[\($0)]") }
        case .object(let fields):
            return fields.sorted { $0.key < $1.key }.flatMap {
                errors(in: $1, path: path.isEmpty ? $0 : "\(path).\($0)")
            }
        default:
            return []
        }
    }
}

import StatlasCore

/// Places record errors (JSON paths such as `memberships[0].networkId`) on the form fields that show
/// them, in words a person understands, and lists them for the error summary.
struct FormErrors {
    /// Messages by form field name.
    var inline: [String: String] = [:]
    /// The records to choose from, by form field name, where a reference names no single record.
    var candidates: [String: [Candidate]] = [:]
    /// The summary entries in form order: the id to link to and the message.
    var summary: [ErrorLinkView] = []

    init() {}

    init(
        _ errors: [FieldError], reading: FormCodec.Reading?, fields: [FieldSpec], options: [EntityKind: [ChoiceOption]]
    ) {
        var targets: [String: (target: String, spec: FieldSpec)] = [:]
        var order: [String] = []
        func register(_ specs: [FieldSpec], prefix: String) {
            for spec in specs {
                let key = prefix + spec.name
                targets[key] = (FormView.target(key, spec, options: options), spec)
                order.append(key)
                if case .group(let inner) = spec.kind {
                    for index in reading?.entryIndexes[key] ?? [] { register(inner, prefix: "\(key)[\(index)].") }
                }
                if case .object(let inner) = spec.kind { register(inner, prefix: key + ".") }
            }
        }
        register(fields, prefix: "")
        for error in errors {
            var key = Self.formKey(error.field, reading: reading)
            while targets[key] == nil, let shorter = Self.parent(key) { key = shorter }
            let message = Self.humane(error.message, spec: targets[key]?.spec)
            if let offered = error.candidates, candidates[key] == nil { candidates[key] = offered }
            guard !summary.contains(where: { $0.key == key && $0.message == message }) else { continue }
            if inline[key] == nil {
                inline[key] = message
            } else if !(inline[key] ?? "").contains(message) {
                inline[key]! += ". " + message
            }
            summary.append(ErrorLinkView(target: targets[key]?.target ?? FormView.id(key), message: message, key: key))
        }
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        summary.sort { (rank[$0.key ?? ""] ?? Int.max) < (rank[$1.key ?? ""] ?? Int.max) }
    }

    /// The form name for a JSON path: group entry positions become the form's own entry indexes.
    static func formKey(_ path: String, reading: FormCodec.Reading?) -> String {
        guard let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]"),
            let position = Int(path[path.index(after: open)..<close])
        else { return path }
        let group = String(path[..<open])
        let index = reading?.entryIndexes[group].flatMap { position < $0.count ? $0[position] : nil } ?? position
        return "\(group)[\(index)]" + path[path.index(after: close)...]
    }

    /// The enclosing field name (`a[1].b` → `a[1]` → `a`), or nil at the top.
    static func parent(_ key: String) -> String? {
        if let dot = key.lastIndex(of: "."), key[..<dot].last == "]" { return String(key[..<dot]) }
        if key.hasSuffix("]"), let open = key.lastIndex(of: "[") { return String(key[..<open]) }
        if let dot = key.lastIndex(of: ".") { return String(key[..<dot]) }
        return nil
    }

    /// Rewrites decoding messages ("x must not be null") as GOV.UK style instructions.
    static func humane(_ message: String, spec: FieldSpec?) -> String {
        guard let spec else { return message }
        if message.hasPrefix(spec.name + " ") { return spec.label + message.dropFirst(spec.name.count) }
        guard message.contains("must not be null") || message.contains("it is required") else { return message }
        switch spec.kind {
        case .choice, .reference: return "Select the \(spec.label.lowercased())"
        case .date: return "Enter the \(spec.label.lowercased()) date"
        default: return "Enter the \(spec.label.lowercased())"
        }
    }
}

extension FieldError {
    /// The errors of both lists, each field and message once, in order.
    static func merge(_ first: [FieldError], _ second: [FieldError]) -> [FieldError] {
        var seen = Set<String>()
        return (first + second).filter { seen.insert($0.field + "|" + $0.message).inserted }
    }
}

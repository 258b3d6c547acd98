/// Checks numbers against the bounds their fields declare, wherever a record is read: API bodies, forms,
/// imports and stored records alike (STANDARDS.md R12).
extension FieldSpec {
    /// One error for every number in `object` that is not a whole number within its field's bounds, at its
    /// JSON path (`assessments[1].power`). Values of other types are left to the decoder to report. With
    /// `unreadableOnly`, only numbers that cannot become an `Int` at all (fractions, infinities, magnitudes
    /// beyond 2^53), which the decoder would otherwise refuse in words no one understands.
    public static func boundErrors(
        _ object: [String: JSONValue], fields: [FieldSpec], path: String = "", unreadableOnly: Bool = false
    ) -> [FieldError] {
        var errors: [FieldError] = []
        for field in fields {
            guard let value = object[field.name] else { continue }
            let here = path + field.name
            switch (field.kind, value) {
            case (.number(let bounds), .number(let n)):
                let whole = n.rounded() == n && n.magnitude <= Double(Bounds.safeInteger)
                if unreadableOnly
                    ? !whole : !(whole && Double(bounds.lowerBound) <= n && n <= Double(bounds.upperBound))
                {
                    errors.append(FieldError(here, "\(field.name) must be a whole number \(Bounds.words(bounds))"))
                }
            case (.group(let inner), .array(let entries)):
                for (i, entry) in entries.enumerated() {
                    if case .object(let fields) = entry {
                        errors += boundErrors(
                            fields, fields: inner, path: "\(here)[\(i)].", unreadableOnly: unreadableOnly)
                    }
                }
            case (.object(let inner), .object(let fields)):
                errors += boundErrors(fields, fields: inner, path: here + ".", unreadableOnly: unreadableOnly)
            default:
                break
            }
        }
        return errors
    }

    /// The field a JSON path such as `assessments[2].power` names, or nil.
    public static func field(at path: String, in fields: [FieldSpec]) -> FieldSpec? {
        var specs = fields
        var found: FieldSpec?
        for part in path.split(separator: ".") {
            let name = part.prefix { $0 != "[" }
            guard let spec = specs.first(where: { $0.name == name }) else { return nil }
            found = spec
            switch spec.kind {
            case .group(let inner), .object(let inner): specs = inner
            default: specs = []
            }
        }
        return found
    }
}

/// Arithmetic on stored values that cannot trap: a register holding counts written before their bounds were
/// checked (or by another tool) still gives totals, pinned at the largest representable value.
extension Int {
    /// `self + other`, or `Int.max` / `Int.min` where the true sum lies beyond them.
    public func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

extension Sequence {
    /// The sum of `value` over the elements, saturating instead of trapping.
    public func saturatingSum(_ value: (Element) -> Int) -> Int {
        reduce(0) { $0.saturatingAdd(value($1)) }
    }
}

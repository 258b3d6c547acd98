import SQLKit
import StatlasCore

/// Turns a collection's declared filters into SQL conditions on the entity table aliased `t`.
enum RecordFilters {
    /// How a condition on a record's links or facets is put to SQLite, whose planner keeps the form it is given
    /// (PostgreSQL plans both forms alike, as a semi-join from whichever side is cheaper, and gets `probe`).
    enum Form {
        /// `EXISTS`, probed for each row read in the list's order: a page of a list that many records match
        /// stops after a few rows (0.4 ms for 16,612 of 200,000 activities), but a count, or a page of a rare
        /// match, reads every row (350 ms for none of 200,000).
        case probe
        /// `t.id IN (…)`: the matching ids read from the value or target index first, then sorted (0.1 ms for
        /// none, 7 ms to count 16,612, 27 ms for their first page).
        case members
    }

    static func conditions<R: Record>(
        for type: R.Type, _ filters: [String: String], engine: Engine, form asked: Form = .probe
    ) -> [SQLQueryString] {
        let chosen: Form = engine == .postgres ? .probe : asked
        let declared = filters.sorted { $0.key < $1.key }.compactMap { name, value in
            R.filters.first(where: { $0.name == name }).map { (source: $0.source, value: value) }
        }
        // Only one condition reads its matches first: the likeliest to match fewest (a link to one record, then
        // one facet value, then several, then a prefix); the rest probe those matches. Two lists of matches
        // cost more than one (nation=wales with a theme: 93 ms to count, against 24 ms with the nation probed).
        let driving =
            chosen == .members
            ? declared.indices.min { Self.breadth(declared[$0].source) < Self.breadth(declared[$1].source) } : nil
        return declared.enumerated().map { index, filter in
            let form: Form = index == driving ? .members : .probe
            let value = filter.value
            switch filter.source {
            case .link(let target, let relations):
                return related(
                    LinkTables.name(R.kind, target), "l", record: "source_id",
                    "l.target_id = \(bind: value) AND l.relation IN (\(binds: relations))", form)
            case .facet(let facet):
                return facetCondition(R.self, facet, "f.value = \(bind: value)", form)
            case .facetAny(let facet, let values):
                guard let stored = values[value], !stored.isEmpty else { return "1 = 0" }
                return facetCondition(R.self, facet, "f.value IN (\(binds: stored))", form)
            case .facetPrefix(let facet, let separator):
                let prefix = value + separator
                // PostgreSQL's own prefix operator, whose row estimate lets it read each listed record's values
                // (5 ms for the first page of nation=wales&theme=housing, against 190 ms when it took `substr`
                // for a rare match and gathered every facet row first).
                // On SQLite a range of the value index: every value from the prefix up to (not including) the
                // prefix with its last character's successor begins with the prefix, in UTF-8 byte order.
                let test: SQLQueryString =
                    switch (engine, successor(prefix)) {
                    case (.sqlite, let end?): "f.value >= \(bind: prefix) AND f.value < \(bind: end)"
                    case (.sqlite, nil):
                        "substr(f.value, 1, \(literal: prefix.unicodeScalars.count)) = \(bind: prefix)"
                    case (.postgres, _): "f.value ^@ \(bind: prefix)"
                    }
                return facetCondition(R.self, facet, test, form)
            case .from:
                return "(t.end_date IS NULL OR t.end_date >= \(bind: value))"
            case .to:
                return "(t.start_date IS NULL OR t.start_date <= \(bind: value))"
            }
        }
    }

    /// How many records a condition of this kind is likely to match, as a rank (lower, fewer); dates, which
    /// have no list of matches to read, last.
    static func breadth(_ source: FilterDefinition.Source) -> Int {
        switch source {
        case .link: 0
        case .facet: 1
        case .facetAny: 2
        case .facetPrefix: 3
        case .from, .to: 4
        }
    }

    /// `text` with its last Unicode scalar replaced by the next one, or nil when it has none.
    static func successor(_ text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        guard let last = scalars.popLast() else { return nil }
        var next = last.value + 1
        if next == 0xD800 { next = 0xE000 }
        guard let scalar = Unicode.Scalar(next) else { return nil }
        scalars.append(scalar)
        return String(String.UnicodeScalarView(scalars))
    }

    /// Records with a value of the facet `name` (aliased `f`) that meets `value`.
    static func facetCondition<R: Record>(_ type: R.Type, _ name: String, _ value: SQLQueryString, _ form: Form)
        -> SQLQueryString
    {
        related("\(R.kind.table)_facets", "f", record: "record_id", "f.name = \(bind: name) AND \(value)", form)
    }

    /// Records with a row of `table` (aliased `alias`, naming the record in its column `record`; both constants of
    /// this file) that meets `test`, in the form asked.
    static func related(
        _ table: String, _ alias: String, record: String, _ test: SQLQueryString, _ form: Form
    ) -> SQLQueryString {
        switch form {
        case .members:
            "t.id IN (SELECT \(unsafeRaw: alias).\(unsafeRaw: record) FROM \(ident: table) \(unsafeRaw: alias) WHERE \(test))"
        case .probe:
            "EXISTS (SELECT 1 FROM \(ident: table) \(unsafeRaw: alias) WHERE \(unsafeRaw: alias).\(unsafeRaw: record) = t.id AND \(test))"
        }
    }
}

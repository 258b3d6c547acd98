/// Migration 13: an organisation's short name ("ONS") is stored as an `alias` facet (`Record.aliases`), so that a
/// filter or form field finds the organisation by it through the facets' value index. Written here for the
/// organisations already stored, folded by the database's `lower` (what `References.fold` gives for the ASCII
/// abbreviations the register holds); a record's next save writes it with the full folding.
enum AliasesSchema {
    static func statements(_ engine: Engine) -> [String] {
        let shortName =
            engine == .sqlite ? "trim(json_extract(body, '$.shortName'))" : "trim(CAST(body AS jsonb) ->> 'shortName')"
        return [
            """
            INSERT INTO organisations_facets (record_id, name, value)
            SELECT id, 'alias', lower(\(shortName)) FROM organisations WHERE coalesce(\(shortName), '') <> ''
            ON CONFLICT DO NOTHING
            """
        ]
    }
}

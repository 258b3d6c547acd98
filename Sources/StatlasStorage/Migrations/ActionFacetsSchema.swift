/// Migration 14: each status of an activity's "you said, we did" actions is stored as an `action` facet, so that
/// the actions tracker (`/actions`) and the `action` filter find the activities with actions through the facets'
/// value index rather than reading every activity. Written here for the activities already stored.
enum ActionFacetsSchema {
    static func statements(_ engine: Engine) -> [String] {
        let source =
            engine == .sqlite
            ? """
            SELECT DISTINCT a.id, 'action', json_extract(e.value, '$.status')
            FROM activities a, json_each(a.body, '$.actions') e
            WHERE json_extract(e.value, '$.status') IS NOT NULL
            """
            : """
            SELECT DISTINCT a.id, 'action', e.value ->> 'status'
            FROM activities a, jsonb_array_elements(coalesce(CAST(a.body AS jsonb) -> 'actions', '[]'::jsonb)) e
            WHERE e.value ->> 'status' IS NOT NULL
            """
        return ["INSERT INTO activities_facets (record_id, name, value) \(source) ON CONFLICT DO NOTHING"]
    }
}

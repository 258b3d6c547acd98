/// Migration 10: a dataset's nations and finest levels are no longer stored as facets of their own. Its `coverage`
/// facets ("wales:local-authority", one per nation covered) already hold them, and the `nation` and `level` filters
/// now read those (`FilterDefinition.Source.facetPrefix` and `facetAny`): 5 of a dataset's 11 facet rows on the synthetic register,
/// stored twice each (the table and its value index). A nation is covered only with a finest level (validation
/// requires one), so every nation and level facet removed here has its coverage facet.
enum DerivedFacetsSchema {
    static func statements(_ engine: Engine) -> [String] {
        ["DELETE FROM datasets_facets WHERE name IN ('nation', 'level')"]
    }
}

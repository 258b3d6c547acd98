import StatlasCore

/// Small valid records for tests.
public enum Build {
    public static func organisation(
        _ id: String, _ name: String? = nil, kind: OrganisationKind = .publicBody,
        nations: [Nation] = [.england]
    ) -> Organisation {
        var o = Organisation()
        (o.id, o.name, o.kind, o.nations) = (id, name ?? "Organisation \(id)", kind, nations)
        return o
    }

    public static func theme(_ id: String, _ name: String? = nil) -> Theme {
        var t = Theme()
        (t.id, t.name) = (id, name ?? "Theme \(id)")
        return t
    }

    public static func dataset(
        _ id: String, producers: [String], themes: [String] = [], coverage: [NationCoverage] = [],
        title: String? = nil
    ) -> Dataset {
        var d = Dataset()
        (d.id, d.title, d.producerIds, d.themeIds, d.coverage) = (
            id, title ?? "Dataset \(id)", producers, themes, coverage
        )
        return d
    }

    public static func activity(
        _ id: String, organisers: [String], start: String, end: String? = nil, kind: ActivityKind = .event,
        audiences: [Audience] = []
    ) -> Activity {
        var a = Activity()
        (a.id, a.title, a.organiserIds, a.kind, a.audiences) = (id, "Activity \(id)", organisers, kind, audiences)
        (a.start, a.end) = (CalendarDate(start), end.flatMap(CalendarDate.init))
        return a
    }
}

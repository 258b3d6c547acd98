import StatlasCore

/// The "linked both ways" part of a detail page: the records that refer to this one, grouped under
/// headings that say what the reference means.
enum RelatedRecords {
    /// Headings for (referring kind, relation); others get a generic heading.
    static let headings: [String: String] = [
        "people/organisation": "People",
        "organisations/parent": "Organisations it is the parent of",
        "organisations/network": "Members of this network",
        "organisations/successor": "Organisations it superseded",
        "datasets/producer": "Datasets it produces",
        "datasets/publisher": "Datasets it publishes",
        "datasets/user": "Datasets it uses",
        "datasets/theme": "Datasets on this theme",
        "datasets/equivalent": "Datasets that name this one as equivalent",
        "datasets/not-equivalent": "Datasets that dismissed this one as a suggested equivalent",
        "datasets/contact": "Datasets this person is the contact for",
        "collaborations/organisation": "Collaborations it takes part in",
        "collaborations/dataset": "Collaborations involving this dataset",
        "collaborations/area": "Collaborations in this area",
        "collaborations/theme": "Collaborations on this theme",
        "collaborations/factor": "Collaborations where this factor played a part",
        "activities/organisation": "Engagement activities it organised",
        "activities/dataset": "Engagement activities about this dataset",
        "activities/theme": "Engagement activities on this theme",
        "activities/area": "Engagement activities held here",
        "relationships/owner-organisation": "Stakeholders it deals with",
        "relationships/stakeholder": "Organisations that manage a relationship with it",
        "relationships/dataset": "Stakeholder relationships about this dataset",
        "relationships/relationship-owner": "Stakeholder relationships this person owns",
        "people/theme": "Theme leads",
        "areas/parent": "Areas within it",
        "resources/organisation": "Resources about or by it",
        "resources/theme": "Resources on this theme",
        "resources/dataset": "Resources about this dataset",
        "resources/collaboration": "Resources about this collaboration",
        "resources/activity": "Resources from this activity",
        "research-questions/department": "Research questions it asks",
        "research-questions/working-on": "Research questions it works on",
        "research-questions/theme": "Research questions on this theme",
        "research-questions/informed-by": "Research questions it informs",
        "research-questions/collaboration": "Research questions this collaboration works on",
        "research-questions/answered-by": "Research questions it answers",
    ]

    static func heading(_ referrer: Referrer) -> String {
        headings["\(referrer.kind.collection)/\(referrer.relation)"]
            ?? "\(ListPage.heading(referrer.kind)) (\(referrer.relation))"
    }

    /// The grouped view models, owner links left out (the owner shows on the record itself).
    static func groups(_ referrers: [Referrer]) -> [RelatedGroupView] {
        var order: [String] = []
        var grouped: [String: [Referrer]] = [:]
        for referrer in referrers where referrer.relation != "owner" {
            let heading = heading(referrer)
            if grouped[heading] == nil { order.append(heading) }
            grouped[heading, default: []].append(referrer)
        }
        return order.map { heading in
            let items = grouped[heading] ?? []
            return RelatedGroupView(
                heading: heading, count: items.count,
                items: items.map { LinkView($0.title, href: RecordPaths.path($0.kind, $0.id)) })
        }
    }
}

/// The records of one kind and relation that refer to a record.
struct RelatedGroupView: Sendable {
    var heading: String
    var count: Int
    var items: [LinkView]
}

import StatlasCore

/// Short constructors for the hand-written demo records; every record is marked `demo`.
enum Demo {
    static func date(_ text: String) -> CalendarDate? { CalendarDate(text) }

    static func theme(_ id: String, _ name: String, _ description: String) -> Theme {
        var t = Theme()
        // Themes, areas and organisations are real (the ONS themes, GSS areas, bodies the background documents
        // name): only the people, datasets, collaborations, activities and relationships are invented, and marked.
        (t.id, t.name, t.description, t.demo) = (id, name, description, false)
        return t
    }

    static func area(_ code: String, _ name: String, parent: String? = nil) -> Area {
        var a = Area()
        (a.id, a.code, a.name, a.demo) = (code, code, name, false)
        a.parentCodes = parent.map { [$0] } ?? []
        a.level = AreaCode.level(of: code)
        a.nation = AreaCode.nation(of: code)
        return a
    }

    static func organisation(
        _ id: String, _ name: String, _ short: String?, _ kind: OrganisationKind, _ nations: [Nation],
        gss: String? = nil, parent: String? = nil, website: String? = nil, networks: [String] = [],
        convenes: [String] = [],
        description: String? = nil
    ) -> Organisation {
        var o = Organisation()
        (o.id, o.name, o.shortName, o.kind, o.nations, o.demo) = (id, name, short, kind, nations, false)
        (o.gssCode, o.parentIds, o.website, o.description) = (gss, parent.map { [$0] } ?? [], website, description)
        o.memberships =
            networks.map { Membership(networkId: $0, role: .member) }
            + convenes.map { Membership(networkId: $0, role: .convenor) }
        return o
    }

    static func person(
        _ id: String, _ name: String, _ organisation: String, _ job: String, _ roles: [RoleAssignment],
        email: String? = nil
    ) -> Person {
        var p = Person()
        (p.id, p.name, p.organisationId, p.jobTitle, p.roles, p.demo) = (id, name, organisation, job, roles, true)
        (p.email, p.visibility, p.lawfulBasis) = (email, email == nil ? .signedIn : .publicContact, .publicTask)
        p.ownerId = organisation
        return p
    }

    static func coverage(_ entries: [(Nation, GeographicLevel, Int)]) -> [NationCoverage] {
        entries.map { NationCoverage(nation: $0.0, covered: true, finestLevel: $0.1, areaCount: $0.2) }
    }
}

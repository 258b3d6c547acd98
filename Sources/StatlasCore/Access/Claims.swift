/// A statement in a record that an organisation acts: it produces, organises, leads or owns (STANDARDS.md S18).
public struct Claim: Sendable, Hashable {
    /// The JSON path holding the organisation (`producerIds[1]`), for the refusal.
    public var field: String
    /// The field without its position (`producerIds`), for a refusal about the whole list.
    public var group: String
    public var organisationId: String
    /// What the organisation is said to be, in words ("a producer", "lead").
    public var role: String
    /// True when the claim speaks for the organisation, so only its own editors may add it; false for roles
    /// others may give it (a partner added by a collaboration's lead).
    public var speaks: Bool
    /// What else makes the claim what it is (a person's role with its theme and dates), so that changing it
    /// counts as making a new claim.
    public var detail: String

    public init(
        _ field: String, group: String? = nil, _ organisationId: String, role: String, speaks: Bool = true,
        detail: String = ""
    ) {
        self.field = field
        self.group = group ?? String(field.prefix { $0 != "[" })
        self.organisationId = organisationId
        self.role = role
        self.speaks = speaks
        self.detail = detail
    }

    /// What makes two claims the same, wherever they stand in a list.
    var key: String { "\(group)|\(role)|\(organisationId)|\(detail)" }
}

extension Access {
    /// The fields by which `record` would speak for an organisation the actor does not edit for (empty when it
    /// may be stored). A claim that speaks for an organisation (a producer, an organiser, the owner of a
    /// relationship, a person's organisation and each of their roles, a collaboration's lead) may name another
    /// organisation only if `previous` already did, unchanged. A record whose claims change must still include
    /// one of the actor's organisations, and so must its speaking claims when those change (unless all that
    /// went were the actor's own). Stakeholders, dataset users and partners added by the lead speak for no one.
    /// `names` gives organisations' names for the messages (ids are shown for any it lacks).
    public static func claimErrors<R: Record>(
        _ actor: Principal, _ record: R, previous: R?, names: [String: String] = [:]
    ) -> [FieldError] {
        guard !actor.isAdmin else { return [] }
        let own = actor.organisations
        let name = { (id: String) in names[id] ?? id }
        let yours = own.map(name).sorted().joined(separator: ", ")
        let (claims, before) = (record.claims, previous?.claims ?? [])
        let earlier = Set(before.map(\.key))
        let refused = claims.filter { $0.speaks && !own.contains($0.organisationId) && !earlier.contains($0.key) }
        if !refused.isEmpty {
            return refused.map { claim in
                FieldError(
                    claim.field,
                    "You cannot name \(name(claim.organisationId)) as \(claim.role): only its own editors or an administrator can. You edit for \(yours)"
                )
            }
        }
        let includesOwn = { (list: [Claim]) in list.contains { own.contains($0.organisationId) } }
        func include(_ claim: Claim) -> [FieldError] {
            [
                FieldError(
                    claim.group,
                    "Include an organisation you edit for (\(yours)) as \(claim.role): this \(R.kind.noun) would otherwise speak only for others"
                )
            ]
        }
        if Set(claims.map(\.key)) != earlier, let first = claims.first, !includesOwn(claims) { return include(first) }
        let (speaking, spoke) = (claims.filter(\.speaks), before.filter(\.speaks))
        if Set(speaking.map(\.key)) != Set(spoke.map(\.key)), !includesOwn(speaking) {
            let removedOthers = spoke.filter { claim in
                !own.contains(claim.organisationId) && !speaking.contains { $0.key == claim.key }
            }
            if let first = speaking.first ?? removedOthers.first, !(speaking.isEmpty && removedOthers.isEmpty) {
                return include(first)
            }
        }
        return []
    }
}

extension Collaboration {
    /// Every participant counts towards "includes one of yours"; only the lead speaks for its organisation.
    public var claims: [Claim] {
        participants.enumerated().map { i, p in
            Claim(
                "participants[\(i)].organisationId", group: "participants", p.organisationId,
                role: p.role == .lead ? "lead" : "participant", speaks: p.role == .lead)
        }
    }
}

extension Activity {
    public var claims: [Claim] {
        organiserIds.enumerated().map { Claim("organiserIds[\($0)]", $1, role: "an organiser") }
    }
}

extension Relationship {
    public var claims: [Claim] {
        ownerOrganisationId.isEmpty
            ? []
            : [Claim("ownerOrganisationId", ownerOrganisationId, role: "the organisation managing the relationship")]
    }
}

extension Person {
    /// A person's organisation carries their roles (champion, theme lead, head of profession) with it: each role,
    /// with its theme and dates, speaks for that organisation.
    public var claims: [Claim] {
        guard let organisationId else { return [] }
        return [Claim("organisationId", organisationId, role: "this person's organisation")]
            + roles.enumerated().map { i, r in
                Claim(
                    "roles[\(i)]", group: "roles", organisationId,
                    role: "this person's organisation, with the role \(r.role.label.lowercased())",
                    detail: [r.role.rawValue, r.themeId ?? "", r.start?.description ?? "", r.end?.description ?? ""]
                        .joined(separator: "/"))
            }
    }
}

extension Dataset {
    public var claims: [Claim] {
        producerIds.enumerated().map { Claim("producerIds[\($0)]", $1, role: "a producer") }
            + (publisherId.map { [Claim("publisherId", $0, role: "the publisher")] } ?? [])
    }
}

import Foundation

/// One organisation's partners and the ties among them, read from the records linked to it and to its
/// partners only: its cost follows the size of its neighbourhood, not of the register.
public struct EgoNetwork: Sendable {
    /// The organisation and its partners, sorted by id.
    public var organisations: [Organisation]
    /// Every tie among them, exactly as in the whole network.
    public var edges: [NetworkEdge]

    /// The ties with the organisation itself.
    public func ties(of id: String) -> [NetworkEdge] { edges.filter { $0.source == id || $0.target == id } }
}

/// Reads ego networks from the register through indexed link queries.
public struct EgoNetworkService: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) { self.repository = repository }

    /// The network of everything the organisation is tied to (by the default filter: all kinds of work).
    ///
    /// Any collaboration or activity tying two members of the neighbourhood involves one of them, so reading the
    /// work of the organisation and of its partners gives every tie among them with its full weight.
    public func network(of organisation: Organisation) async throws -> EgoNetwork {
        let id = organisation.id
        let work = try await self.work(of: [id])
        let members = try await repository.linking(Organisation.self, filter: "network", to: [id])
        var partners = Set(work.collaborations.flatMap { $0.participants.map(\.organisationId) })
        partners.formUnion(work.activities.flatMap(\.organiserIds))
        partners.formUnion(organisation.memberships.map(\.networkId))
        partners.formUnion(members.map(\.id))
        partners.remove(id)
        guard !partners.isEmpty else { return EgoNetwork(organisations: [], edges: []) }
        let ring = try await self.work(of: partners.sorted())
        let organisations = try await repository.get(Organisation.self, ids: partners.sorted()) + [organisation]
        let (nodes, edges) = NetworkBuilder.ties(
            organisations: organisations, collaborations: unique(work.collaborations + ring.collaborations),
            activities: unique(work.activities + ring.activities), filter: NetworkFilter())
        return EgoNetwork(organisations: nodes, edges: edges)
    }

    private func work(of ids: [String]) async throws -> (collaborations: [Collaboration], activities: [Activity]) {
        (
            try await repository.linking(Collaboration.self, filter: "organisation", to: ids),
            try await repository.linking(Activity.self, filter: "organisation", to: ids)
        )
    }

    private func unique<R: Record>(_ records: [R]) -> [R] {
        var seen = Set<String>()
        return records.filter { seen.insert($0.id).inserted }
    }
}

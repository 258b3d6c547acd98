import Foundation

/// Record writes on behalf of an actor, with the object-level checks of `Access` applied first. The API
/// and the forms both write through this, so the rules hold whichever way a change arrives. The stored
/// version the check was made against is the version the write requires, so a record that changes
/// between the check and the write is refused as a conflict rather than changed unchecked.
public struct GuardedWrites: Sendable {
    public let repository: any RecordRepository
    public let actor: Principal

    public init(repository: any RecordRepository, actor: Principal) {
        self.repository = repository
        self.actor = actor
    }

    /// Creates the record; a non-administrator's record with no owner gets their only organisation.
    public func create<R: Record>(_ submitted: R) async throws -> R {
        var record = submitted
        if !actor.isAdmin, record.effectiveOwner == nil, let owner = actor.defaultOwner { record.ownerId = owner }
        record.demo = false  // only the operator's demo loader marks records as demo
        if let reason = Access.denial(actor, creating: record) { throw StatlasError.forbidden(reason) }
        try await checkClaims(record, previous: nil)
        return try await repository.create(record, by: actor)
    }

    /// Replaces `current` with `changed` if the stored version is still `expectedVersion`.
    public func update<R: Record>(_ changed: R, current: R, expectedVersion: Int) async throws -> R {
        var changed = changed
        changed.demo = current.demo
        if let reason = Access.denial(actor, updating: current, to: changed) { throw StatlasError.forbidden(reason) }
        try await checkClaims(changed, previous: current)
        guard expectedVersion == current.version else {
            throw StatlasError.versionConflict(entity: R.kind, id: current.id, current: current.version)
        }
        return try await repository.update(changed, expectedVersion: expectedVersion, by: actor)
    }

    /// Deletes `current` if the stored version is still `expectedVersion` (or the checked version when nil).
    public func delete<R: Record>(_ current: R, expectedVersion: Int?) async throws {
        if let reason = Access.denial(actor, deleting: current) { throw StatlasError.forbidden(reason) }
        if let expectedVersion, expectedVersion != current.version {
            throw StatlasError.versionConflict(entity: R.kind, id: current.id, current: current.version)
        }
        try await repository.delete(R.self, id: current.id, expectedVersion: current.version, by: actor)
    }

    /// Throws `forbidden` naming every field by which the record would speak for another organisation, in
    /// words that name the organisations.
    func checkClaims<R: Record>(_ record: R, previous: R?) async throws {
        guard !Access.claimErrors(actor, record, previous: previous).isEmpty else { return }
        let ids = Set(record.claims.map(\.organisationId)).union(actor.organisations)
        let names = try await repository.titles([.organisation: ids])[.organisation] ?? [:]
        let errors = Access.claimErrors(actor, record, previous: previous, names: names)
        throw StatlasError.forbidden(errors.map(\.message).joined(separator: "; "), fields: errors)
    }
}

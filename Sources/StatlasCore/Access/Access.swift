import Foundation

/// Who is making a change: a signed-in user, or the operator at the command line (`system`).
public struct Principal: Sendable, Equatable {
    /// The user's id; nil for the command line and other operator tools.
    public var userId: String?
    public var isAdmin: Bool
    /// The organisations whose records the actor may change.
    public var organisations: Set<String>
    /// The API token used, if any.
    public var tokenId: String?

    public init(userId: String?, isAdmin: Bool, organisations: Set<String>, tokenId: String? = nil) {
        self.userId = userId
        self.isAdmin = isAdmin
        self.organisations = organisations
        self.tokenId = tokenId
    }

    /// The operator at the command line: may do everything, recorded without a user.
    public static let system = Principal(userId: nil, isAdmin: true, organisations: [])

    /// The actor for a signed-in user.
    public init(_ user: UserAccount) {
        self.init(userId: user.id, isAdmin: user.isAdmin, organisations: Set(user.organisations), tokenId: user.tokenId)
    }

    /// True when the actor may change some records (an administrator or an editor of an organisation).
    public var canEdit: Bool { isAdmin || !organisations.isEmpty }

    /// The owner a new record gets when the form leaves it blank: the actor's only organisation.
    public var defaultOwner: String? { organisations.count == 1 ? organisations.first : nil }
}

/// The write rules of STANDARDS.md S10 and S18, independent of HTTP: administrators may change everything;
/// editors may create, change and delete records owned by their organisations, and add their own
/// organisation to the participants or organisers of another organisation's record; a record may speak only
/// for the editor's own organisations (`claimErrors`); reference vocabularies (areas, themes, factors) are
/// for administrators; everyone else may only read.
public enum Access {
    /// Nil when the actor may create the record; otherwise why not.
    public static func denial<R: Record>(_ actor: Principal, creating record: R) -> String? {
        if actor.isAdmin { return nil }
        guard actor.canEdit else { return viewerMessage }
        if R.isReferenceVocabulary { return vocabularyMessage(R.self) }
        guard let owner = record.effectiveOwner, actor.organisations.contains(owner) else {
            return "You can only add records maintained by your own organisation: choose it under ‘Maintained by’."
        }
        return nil
    }

    /// Nil when the actor may replace `current` with `changed`; otherwise why not.
    public static func denial<R: Record>(_ actor: Principal, updating current: R, to changed: R) -> String? {
        if actor.isAdmin { return nil }
        guard actor.canEdit else { return viewerMessage }
        if R.isReferenceVocabulary { return vocabularyMessage(R.self) }
        let ownsCurrent = current.effectiveOwner.map(actor.organisations.contains) ?? false
        let ownsChanged = changed.effectiveOwner.map(actor.organisations.contains) ?? false
        if ownsCurrent && ownsChanged { return nil }
        if ownsCurrent { return "You can only hand a record to an organisation you edit for." }
        if changed.isSelfService(from: current, organisations: actor.organisations) { return nil }
        return otherMessage(current)
    }

    /// Nil when the actor may delete the record; otherwise why not.
    public static func denial<R: Record>(_ actor: Principal, deleting current: R) -> String? {
        if actor.isAdmin { return nil }
        guard actor.canEdit else { return viewerMessage }
        if R.isReferenceVocabulary { return vocabularyMessage(R.self) }
        return current.effectiveOwner.map(actor.organisations.contains) == true ? nil : otherMessage(current)
    }

    /// True when the actor may delete the record or change all of it.
    public static func mayChange<R: Record>(_ actor: Principal, _ record: R) -> Bool {
        actor.isAdmin
            || (!R.isReferenceVocabulary && (record.effectiveOwner.map(actor.organisations.contains) ?? false))
    }

    /// True when the actor may open the record's edit form: they may change it, or add themselves to it.
    public static func mayOpenEditForm<R: Record>(_ actor: Principal, _ record: R) -> Bool {
        mayChange(actor, record) || (R.allowsSelfService && actor.canEdit)
    }

    /// Nil when the actor may add records of this kind at all; otherwise why not.
    public static func denial<R: Record>(_ actor: Principal, creatingAny type: R.Type) -> String? {
        if actor.isAdmin { return nil }
        guard actor.canEdit else { return viewerMessage }
        return R.isReferenceVocabulary ? vocabularyMessage(R.self) : nil
    }

    /// The audit detail of a refusal: the route and the fields refused.
    public static func refusalDetail(_ method: String, _ path: String, _ fields: [FieldError]) -> String {
        let route = "\(method) \(LogSafe.text(path))"
        return fields.isEmpty ? route : route + " (" + Set(fields.map(\.field)).sorted().joined(separator: ", ") + ")"
    }

    static func vocabularyMessage<R: Record>(_ type: R.Type) -> String {
        "\(R.kind.collection.prefix(1).uppercased() + R.kind.collection.dropFirst()) are a reference vocabulary shared by everyone: only administrators can add, change or delete them."
    }

    public static let viewerMessage =
        "Your account can view the register but not change it. Ask an administrator to make you an editor for your organisation."

    public static func otherMessage<R: Record>(_ record: R) -> String {
        "This \(R.kind.noun) is maintained by another organisation, so only its editors or an administrator can change it."
    }
}

extension Record {
    public var effectiveOwner: String? { ownerId.flatMap { $0.isEmpty ? nil : $0 } }
    public var claims: [Claim] { [] }
    public static var isReferenceVocabulary: Bool { false }
    public func isSelfService(from previous: Self, organisations: Set<String>) -> Bool { false }
    public static var allowsSelfService: Bool { false }

    /// True when `self` equals `previous` once `keyPath` and the bookkeeping fields are set alike, and
    /// `keyPath` only gained entries whose organisation (`organisation(entry)`) is one of `organisations`.
    public func onlyAdds<E: Hashable>(
        _ keyPath: WritableKeyPath<Self, [E]>, to previous: Self, organisations: Set<String>,
        allowed: (E) -> Bool = { _ in true },
        organisation: (E) -> String
    ) -> Bool {
        var same = self
        same[keyPath: keyPath] = previous[keyPath: keyPath]
        (same.version, same.createdAt, same.updatedAt) = (previous.version, previous.createdAt, previous.updatedAt)
        guard same == previous else { return false }
        let before = Set(previous[keyPath: keyPath])
        let now = self[keyPath: keyPath]
        guard before.isSubset(of: Set(now)) else { return false }
        let added = now.filter { !before.contains($0) }
        return !added.isEmpty && added.allSatisfy { organisations.contains(organisation($0)) && allowed($0) }
    }
}

extension Organisation {
    /// An organisation's own editors maintain its record unless another owner is named.
    public var effectiveOwner: String? { ownerId.flatMap { $0.isEmpty ? nil : $0 } ?? (id.isEmpty ? nil : id) }
}

extension Collaboration {
    public static var allowsSelfService: Bool { true }
    /// Editors may add their own organisation as a participant in another organisation's collaboration,
    /// in any role but lead (which speaks for the collaboration as a whole).
    public func isSelfService(from previous: Collaboration, organisations: Set<String>) -> Bool {
        onlyAdds(\.participants, to: previous, organisations: organisations, allowed: { $0.role != .lead }) {
            $0.organisationId
        }
    }
}

extension Activity {
    public static var allowsSelfService: Bool { true }
    /// Editors may add their own organisation as an organiser of another organisation's activity.
    public func isSelfService(from previous: Activity, organisations: Set<String>) -> Bool {
        onlyAdds(\.organiserIds, to: previous, organisations: organisations) { $0 }
    }
}

extension Area { public static var isReferenceVocabulary: Bool { true } }
extension Theme { public static var isReferenceVocabulary: Bool { true } }
extension Factor { public static var isReferenceVocabulary: Bool { true } }

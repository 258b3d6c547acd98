import Foundation

/// Whether a factor helped or hindered a collaboration.
public enum FactorKind: String, Vocabulary {
    case incentive, barrier, enabler
}

/// An entry in the managed codebook of factors that shape collaboration (e.g. "Legal gateway for
/// data sharing"). Collaborations cite factors from this codebook as incentives, barriers or enablers.
public struct Factor: Record {
    public static let kind = EntityKind.factor
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var name = ""
    public var description: String?
    /// The kinds this factor is usually cited as (guidance for coders; not a restriction).
    public var typicalKinds: [FactorKind] = []

    public init() {}
    public static var blank: Factor { Factor() }
    public static let filters: [FilterDefinition] = []

    public var title: String { name }
    public var searchText: String { description ?? "" }
    public var links: [Link] { [] }
    public func generatedId() -> String { Slug.make(name) }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(name, "name", "Enter the factor's name")
        v.maxLength(name, "name", 200)
        return v.errors
    }

    /// The starting codebook, drawn from the producer survey's barriers and enablers.
    public static let codebook: [(id: String, name: String, kinds: [FactorKind])] = [
        ("legal-gateway", "Legal gateway for data sharing", [.barrier, .enabler]),
        ("funding", "Funding", [.incentive, .barrier]),
        ("shared-priority", "Shared priority or policy question", [.incentive]),
        ("trust-relationships", "Trust and existing relationships", [.enabler]),
        ("capacity-time", "Capacity and time", [.barrier]),
        ("it-security", "IT and security restrictions", [.barrier]),
        ("knowing-whom-to-contact", "Knowing whom to contact", [.barrier, .enabler]),
        ("leadership-support", "Leadership support", [.enabler]),
        ("data-standards", "Data standards and harmonisation", [.enabler, .barrier]),
        ("coordination", "Coordination across organisations", [.barrier, .enabler]),
        ("ad-hoc-engagement", "Engagement done ad hoc", [.barrier]),
        ("public-good", "Public good and user need", [.incentive]),
    ]
}

/// A codebook factor cited by a collaboration, as an incentive, barrier or enabler.
public struct FactorAssignment: Codable, Sendable, Hashable {
    public var factorId: String
    public var kind: FactorKind
    public var note: String?

    public init(factorId: String, kind: FactorKind, note: String? = nil) {
        self.factorId = factorId
        self.kind = kind
        self.note = note
    }
}

extension Factor {
    /// A fully populated factor, for the OpenAPI document and tests.
    public static var example: Factor {
        var f = Factor()
        (f.id, f.name, f.description, f.typicalKinds) = (
            "legal-gateway", "Legal gateway for data sharing", "A legal basis to share data", [.enabler]
        )
        return f
    }
}

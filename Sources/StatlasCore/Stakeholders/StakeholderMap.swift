import Foundation

/// A point on the power/interest grid: one dated assessment, or the relationship's current scores when no
/// assessment is recorded.
public struct GridPoint: Sendable, Hashable {
    public var power: Int
    public var interest: Int
    public var date: CalendarDate?

    public init(power: Int, interest: Int, date: CalendarDate?) {
        self.power = power
        self.interest = interest
        self.date = date
    }

    public var approach: EngagementApproach { EngagementApproach(power: power, interest: interest) }
}

/// One stakeholder placed on an owner's power/interest grid: where its latest assessment puts it, and
/// where the one before did.
public struct StakeholderPlacement: Sendable {
    public var relationship: Relationship
    public var current: GridPoint
    public var previous: GridPoint?

    /// True when the previous assessment put the stakeholder somewhere else on the grid.
    public var moved: Bool { previous.map { $0.power != current.power || $0.interest != current.interest } ?? false }

    /// "Power 2 → 4, interest 3 → 3", or nil when there is no earlier assessment.
    public var change: String? {
        previous.map { "Power \($0.power) → \(current.power), interest \($0.interest) → \(current.interest)" }
    }
}

/// Mendelow's power/interest grid for an owner organisation's stakeholder relationships.
public enum StakeholderMap {
    /// The placements of `relationships`, optionally only those about `datasetId`, in a stable order:
    /// manage closely first, then by power, interest and stakeholder.
    public static func placements(_ relationships: [Relationship], datasetId: String? = nil) -> [StakeholderPlacement] {
        relationships.filter { datasetId == nil || $0.datasetId == datasetId }.map { relationship in
            // Stable by date: assessments on the same day keep their recorded order.
            let history = relationship.assessments.enumerated().sorted {
                ($0.element.date, $0.offset) < ($1.element.date, $1.offset)
            }
            .map(\.element)
            let current =
                history.last.map { GridPoint(power: $0.power, interest: $0.interest, date: $0.date) }
                ?? GridPoint(power: relationship.power, interest: relationship.interest, date: nil)
            let previous = history.dropLast().last.map {
                GridPoint(power: $0.power, interest: $0.interest, date: $0.date)
            }
            return StakeholderPlacement(relationship: relationship, current: current, previous: previous)
        }.sorted { a, b in
            let (x, y) = (a.current, b.current)
            let order = EngagementApproach.allCases
            let (ax, bx) = (order.firstIndex(of: x.approach) ?? 0, order.firstIndex(of: y.approach) ?? 0)
            if ax != bx { return ax < bx }
            if x.power != y.power { return x.power > y.power }
            if x.interest != y.interest { return x.interest > y.interest }
            return (a.relationship.stakeholderOrganisationId, a.relationship.id) < (
                b.relationship.stakeholderOrganisationId, b.relationship.id
            )
        }
    }

    /// How many placements fall in each quadrant, in the order of `EngagementApproach.allCases`.
    public static func quadrantCounts(_ placements: [StakeholderPlacement]) -> [(EngagementApproach, Int)] {
        EngagementApproach.allCases.map { approach in
            (approach, placements.filter { $0.current.approach == approach }.count)
        }
    }
}

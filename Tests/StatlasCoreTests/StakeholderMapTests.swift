import Foundation
import Testing

@testable import StatlasCore

/// Stakeholder placements on the power/interest grid, computed by hand.
@Suite struct StakeholderMapTests {
    static func relationship(
        _ id: String, _ stakeholder: String, power: Int, interest: Int, dataset: String? = nil,
        history: [(String, Int, Int)]
    ) -> Relationship {
        var r = Relationship()
        (r.id, r.ownerOrganisationId, r.stakeholderOrganisationId, r.power, r.interest, r.datasetId) = (
            "\(id)", "owner", stakeholder, power, interest, dataset
        )
        r.assessments = history.map { Assessment(date: CalendarDate($0.0)!, power: $0.1, interest: $0.2) }
        return r
    }

    @Test func latestAndPreviousAssessmentsPlaceEachStakeholder() {
        // Recorded out of date order: the latest by date wins, the one before it is the arrow's tail.
        let moved = Self.relationship(
            "r1", "a", power: 4, interest: 4,
            history: [("2024-05-01", 4, 4), ("2023-01-01", 1, 1), ("2023-06-01", 2, 4)])
        let steady = Self.relationship("r2", "b", power: 5, interest: 1, history: [("2024-01-01", 5, 1)])
        let unassessed = Self.relationship("r3", "c", power: 1, interest: 2, dataset: "d1", history: [])
        let placements = StakeholderMap.placements([unassessed, steady, moved])
        // Manage closely, then keep satisfied, keep informed, monitor.
        #expect(placements.map(\.relationship.id) == ["r1", "r2", "r3"])
        #expect(placements[0].current == GridPoint(power: 4, interest: 4, date: CalendarDate("2024-05-01")))
        #expect(placements[0].previous == GridPoint(power: 2, interest: 4, date: CalendarDate("2023-06-01")))
        #expect(placements[0].moved && placements[0].change == "Power 2 → 4, interest 4 → 4")
        #expect(
            placements[1].current.approach == .keepSatisfied && placements[1].previous == nil && !placements[1].moved)
        #expect(
            placements[2].current == GridPoint(power: 1, interest: 2, date: nil)
                && placements[2].current.approach == .monitor)
        let counts = StakeholderMap.quadrantCounts(placements).map(\.1)
        #expect(counts == [1, 1, 0, 1])
        #expect(
            StakeholderMap.placements([unassessed, steady, moved], datasetId: "d1").map(\.relationship.id) == ["r3"])
    }

    @Test func quadrantBoundariesFollowMendelow() {
        #expect(EngagementApproach(power: 3, interest: 3) == .manageClosely)
        #expect(EngagementApproach(power: 3, interest: 2) == .keepSatisfied)
        #expect(EngagementApproach(power: 2, interest: 3) == .keepInformed)
        #expect(EngagementApproach(power: 2, interest: 2) == .monitor)
    }
}

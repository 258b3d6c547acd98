import Foundation
import StatlasCore

/// The "History" section of a detail page for signed-in users: who changed the record, when, and which
/// fields, from the audit trail.
enum HistorySection {
    static let limit = 20

    static func section(_ events: [AuditEvent]) -> SectionView {
        guard !events.isEmpty else {
            return SectionView(id: "history", heading: "History", empty: "No changes have been recorded.")
        }
        let rows: [RowView] = events.map { event in
            let who = event.actorName ?? (event.entry.actorId == nil ? "Command line or import" : "Removed account")
            var what = event.entry.action.label
            let fields = event.changedFields
            if !fields.isEmpty { what += ": " + fields.joined(separator: ", ") }
            if event.redacted { what += " (details erased)" }
            return RowView([.text(MonthName.moment(event.at)), .text(who), .text(what)])
        }
        return SectionView(
            id: "history", heading: "History",
            paragraphs: events.count == limit ? ["The \(limit) most recent changes are shown."] : [],
            table: TableView(caption: "History of changes", head: ["When", "Who", "What changed"], rows: rows))
    }
}

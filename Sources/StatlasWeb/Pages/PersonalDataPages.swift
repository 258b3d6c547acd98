import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// Personal data rights for administrators (STANDARDS.md S15): erasing a person, downloading everything
/// held about them (subject access), and the list of people whose records are due for review.
struct PersonalDataPages {
    let records: any RecordRepository & ErasureRepository
    let audit: any AuditRepository
    let pages: PageRenderer
    let configuration: WebConfiguration

    func register(on routes: RouteTable) {
        routes.add(.get, "/people/{id}/erase", .admin) { _, context in try await confirm(context) }
        routes.add(.post, "/people/{id}/erase", .admin) { _, context in try await erase(context) }
        routes.add(.get, "/people/{id}/subject-access", .admin) { _, context in try await subjectAccess(context) }
        routes.add(.get, "/admin/review", .admin) { _, context in try await review(context) }
    }

    func confirm(_ context: StatlasRequestContext) async throws -> Response {
        let person = try await records.get(Person.self, id: try context.recordId())
        let model = ReportPageView(
            caption: "Personal data", heading: "Erase \(person.name)?",
            intro: [
                "Their name, email address, job title, roles and organisation will be removed from every record, and the details of their record's history will be erased.",
                "Records that mention them will keep saying that someone, now erased, was involved. Restoring an older backup erases them again.",
                "This cannot be undone. Download what is held about them first if they asked for it.",
            ],
            sections: [
                SectionView.list(
                    id: "download", heading: "Before you erase",
                    links: [
                        LinkView(
                            "Download everything held about \(person.name) (JSON)",
                            href: "/people/\(person.id)/subject-access")
                    ], empty: "")
            ],
            confirm: ConfirmView(
                action: "/people/\(person.id)/erase", label: "Erase \(person.name)",
                cancelHref: RecordPaths.path(.person, person.id)))
        return pages.page(model, title: "Erase \(person.name)", context: context, section: "/people")
    }

    func erase(_ context: StatlasRequestContext) async throws -> Response {
        let id = try context.recordId()
        try await records.erase(personId: id, by: try context.requirePrincipal())
        return Response(status: .seeOther, headers: [.location: RecordPaths.path(.person, id) + "?saved=1"])
    }

    func subjectAccess(_ context: StatlasRequestContext) async throws -> Response {
        let id = try context.recordId()
        let report = try await SubjectAccessReport.gather(
            personId: id, records: records, audit: audit, now: configuration.now())
        try await audit.append(
            AuditEntry(
                .export, actorId: context.user?.id, entity: .person, recordId: id, detail: "subject access export"))
        var response = try JSONResponse.make(report)
        response.headers[.contentDisposition] = "attachment; filename=\"subject-access-\(id).json\""
        response.headers[.cacheControl] = "no-store"
        return response
    }

    func review(_ context: StatlasRequestContext) async throws -> Response {
        let due = try await ReviewReport.due(records, today: CalendarDate(configuration.now()))
        let rows: [RowView] = due.map { person in
            RowView([
                .link(person.name, RecordPaths.path(.person, person.id)),
                .text(person.reviewDate.map(RecordDisplay.format) ?? ""),
                .text(person.lawfulBasis.label), .text(person.visibility.label),
            ])
        }
        let section = SectionView(
            id: "due", heading: "\(due.count) \(due.count == 1 ? "person" : "people") due for review",
            table: rows.isEmpty
                ? nil
                : TableView(
                    caption: "People due for review", head: ["Name", "Review date", "Lawful basis", "Visibility"],
                    rows: rows),
            empty: rows.isEmpty ? "No one is due for review." : nil)
        let model = ReportPageView(
            caption: "Personal data", heading: "People due for review",
            intro: [
                "Check that each person's details are still accurate and still needed. Change the review date when you have checked, or erase the person."
            ],
            sections: [section])
        return pages.page(model, title: "People due for review", context: context, section: "/admin/users")
    }
}

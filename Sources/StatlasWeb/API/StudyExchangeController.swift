import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// Exchange with desktop QDA tools in REFI-QDA's formats: a study's codebook (QDC) or project (QDPX) out, and a
/// codebook or project written by another tool in — all or nothing, with what could not be mapped reported.
/// Withdrawn participants and everything of theirs are left out of an export.
struct StudyExchangeController {
    let api: StudiesController

    /// The largest file an import reads: a project with its transcripts.
    static let largestImport = 64 << 20

    func register(on routes: RouteTable) {
        let base = StudiesController.base + "/{id}"
        routes.add(.get, base + "/export", .signedIn, query: ["format"]) { _, context in
            let (study, team) = try await api.readable(context)
            var query = context.query
            let format = query.choice("format", among: ["qdc", "qdpx"], fallback: "qdpx")
            try query.finish()
            return try await export(study, team, format: format, context)
        }
        routes.add(.post, base + "/import", .signedIn) { request, context in
            let study = try await api.contributing(context)
            let data = try await JSONResponse.body(
                request, context: context, accepting: ["xml", "zip", "octet-stream", "qdpx", "qdc"],
                limit: Self.largestImport)
            let report = try await importProject(study, data, context)
            return try JSONResponse.make(report, status: .created)
        }
    }

    /// The export as a download, recorded in the audit trail as an export of the study.
    func export(_ study: Study, _ team: [StudyMember], format: String, _ context: StatlasRequestContext) async throws
        -> Response
    {
        let participants = try await api.studies.participants(of: study.id).filter { !$0.consent.withdrawn }
        let kept = Set(participants.map(\.id))
        let codes = try await api.studies.codes(of: study.id)
        let data: Data
        if format == "qdc" {
            data = REFIQDA.codebook(codes, studyId: study.id)
        } else {
            var documents: [StudyDocument] = []
            for listed in try await api.studies.documents(of: study.id) where kept.contains(listed.participantId) {
                if let document = try await api.studies.document(listed.id, of: study.id) { documents.append(document) }
            }
            let ids = Set(documents.map(\.id))
            let codings = try await api.studies.codings(of: study.id, coder: nil, code: nil, document: nil)
                .filter { ids.contains($0.documentId) }
            let codingIds = Set(codings.map(\.id))
            let memos = try await api.studies.memos(of: study.id, target: nil, id: nil).filter { memo in
                switch memo.targetKind {
                case .document: ids.contains(memo.targetId)
                case .coding: codingIds.contains(memo.targetId)
                case .study, .code: true
                }
            }
            data = try REFIQDA.project(
                ProjectExport(
                    study: study, team: team, codes: codes, participants: participants, documents: documents,
                    codings: codings, memos: memos))
        }
        try await api.audit.append(
            AuditEntry(
                .export, actorId: context.user?.id, entity: .study, recordId: study.id,
                detail: "exported the \(format == "qdc" ? "codebook (QDC)" : "project (QDPX)")"))
        let type = format == "qdc" ? "application/xml; charset=utf-8" : "application/zip"
        return Response(
            status: .ok,
            headers: [
                .contentType: type,
                .contentDisposition: "attachment; filename=\"\(study.id).\(format)\"",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Reads a QDC, QDPX or QDE file and adds it to the study in one transaction.
    func importProject(_ study: Study, _ data: Data, _ context: StatlasRequestContext) async throws
        -> ProjectImportReport
    {
        let user = try context.requireUser()
        let team = try await api.studies.team(of: study.id)
        let project = try REFIQDA.read(data, team: team)
        let report = try await api.studies.importProject(project, into: study.id, importer: user.id)
        try await api.audit.append(
            AuditEntry(
                .study, actorId: user.id, entity: .study, recordId: study.id,
                detail:
                    "imported a QDA project: \(report.codes) codes, \(report.documents) documents, \(report.codings) codings"
            ))
        return report
    }
}

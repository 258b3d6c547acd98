import Foundation

/// Storage of studies and their teams. The content routes check `StudyAccess` with `team(of:)` before reading
/// anything else of a study.
public protocol StudyRepository: Sendable {
    /// Stores a new study with `lead` as its lead; its id is made from its title when empty.
    func create(_ study: Study, lead: UserAccount) async throws -> Study
    /// The study with this id, if any.
    func study(id: String) async throws -> Study?
    /// The studies `userId` is on, with the role, in title order.
    func studies(of userId: String) async throws -> [(study: Study, role: StudyRole)]
    /// Every study (for administrators, who may see that a study exists), in title order.
    func all() async throws -> [Study]
    /// The team, leads first, then by name.
    func team(of studyId: String) async throws -> [StudyMember]
    /// Adds the user to the team, or changes their role; refused (`invalid`) when it would leave no lead.
    func setMember(_ studyId: String, userId: String, role: StudyRole) async throws -> [StudyMember]
    /// Takes the user off the team; refused when it would leave no lead.
    func removeMember(_ studyId: String, userId: String) async throws -> [StudyMember]

    /// Adds a participant; a blank pseudonym gets the next of P01, P02…; a pseudonym in use is refused.
    func addParticipant(_ participant: StudyParticipant, to studyId: String) async throws -> StudyParticipant
    /// The study's participants, in pseudonym order.
    func participants(of studyId: String) async throws -> [StudyParticipant]
    /// Adds a document (its text already normalised) for one of the study's participants.
    func addDocument(_ document: StudyDocument, to studyId: String) async throws -> StudyDocument
    /// The study's documents without their text, in the order they were added.
    func documents(of studyId: String) async throws -> [StudyDocument]
    /// The study's documents as analyses need them — id, participant, format, length, survey — read from the
    /// clear columns without opening (decrypting) anything, in the order they were added.
    func documentIndex(of studyId: String) async throws -> [StudyDocument]
    /// One document with its text, if the study has it.
    func document(_ id: String, of studyId: String) async throws -> StudyDocument?

    /// Adds a code to the study's codebook (its parent, when given, must be in it).
    func addCode(_ code: StudyCode, to studyId: String) async throws -> StudyCode
    /// The codebook, in name order.
    func codes(of studyId: String) async throws -> [StudyCode]
    /// Adds a coding; refused when its document or code is not the study's or its segment is not in the text.
    func addCoding(_ coding: StudyCoding, to studyId: String) async throws -> StudyCoding
    /// The codings, filtered by coder, code and document when given, in document and position order.
    func codings(of studyId: String, coder: String?, code: String?, document: String?) async throws -> [StudyCoding]

    /// Each document's length in Unicode scalars, by id (without reading the sealed text).
    func documentLengths(of studyId: String) async throws -> [String: Int]

    /// Adds a project read from another QDA tool, all or nothing; codings by users not on the team are the
    /// importer's.
    func importProject(_ project: ProjectImport, into studyId: String, importer: String) async throws
        -> ProjectImportReport
    /// Deletes a study and everything in it (participants, documents, codings, surveys, memos, findings).
    func deleteStudy(_ studyId: String) async throws
    /// Changes a participant's attributes and consent (withdrawal among them).
    func updateParticipant(_ participant: StudyParticipant, in studyId: String) async throws -> StudyParticipant
    /// Erases a participant from every table (documents, codings, responses, memos, findings quoting them) and
    /// leaves a tombstone that a restore applies again.
    func eraseParticipant(_ participantId: String, of studyId: String) async throws
    /// Applies every participant tombstone again (after a restore); the number of participants erased.
    func reapplyParticipantErasures() async throws -> Int

    /// Adds a survey (its questions validated).
    func addSurvey(_ survey: Survey, to studyId: String) async throws -> Survey
    /// The study's surveys, in the order they were added.
    func surveys(of studyId: String) async throws -> [Survey]
    /// Stores a survey's responses all or nothing: respondents are the study's participants (by pseudonym,
    /// added when new); each respondent answers once; free-text answers become a document per respondent.
    func addResponses(_ rows: [RespondentRow], survey: Survey, to studyId: String) async throws -> ResponseImport
    /// The responses to a survey.
    func responses(of studyId: String, survey surveyId: String) async throws -> [SurveyResponse]

    /// Adds a memo (its target must be in the study).
    func addMemo(_ memo: StudyMemo, to studyId: String) async throws -> StudyMemo
    /// The memos on a target (or all the study's), oldest first.
    func memos(of studyId: String, target: MemoTarget?, id: String?) async throws -> [StudyMemo]

    /// Stores a new finding (a draft) or replaces one.
    func saveFinding(_ finding: Finding) async throws -> Finding
    /// The study's findings, newest first.
    func findings(of studyId: String) async throws -> [Finding]
    /// One finding, if any.
    func finding(id: String) async throws -> Finding?
    /// Approved findings, newest approval first, concerning `factor` when given; with the total.
    func approvedFindings(factor: String?, limit: Int, offset: Int) async throws -> (items: [Finding], total: Int)
}

extension StudyRepository {
    /// Adds Incentive, Barrier and Enabler (those missing) and under each the factors usually cited as that kind,
    /// each mapped to its factor; a factor already under the same parent is not added again.
    public func seedCodebook(_ studyId: String, factors: [Factor]) async throws -> [StudyCode] {
        var codes = try await self.codes(of: studyId)
        var added: [StudyCode] = []
        let colours: [FactorKind: String] = [.incentive: "#00703c", .barrier: "#d4351c", .enabler: "#1d70b8"]
        for kind in FactorKind.allCases {
            let name = kind.label
            var parent = codes.first { $0.parentId == nil && $0.name.lowercased() == name.lowercased() }
            if parent == nil {
                var code = StudyCode()
                (code.name, code.colour) = (name, colours[kind])
                code.description = "\(name)s of collaboration (the register's factor codebook)"
                let made = try await addCode(code, to: studyId)
                (parent, added, codes) = (made, added + [made], codes + [made])
            }
            guard let parentId = parent?.id else { continue }
            for factor in factors.sorted(by: { $0.name < $1.name }) where factor.typicalKinds.contains(kind) {
                guard !codes.contains(where: { $0.parentId == parentId && $0.factorId == factor.id }) else { continue }
                var code = StudyCode()
                (code.name, code.parentId, code.factorId, code.description) = (
                    factor.name, parentId, factor.id, factor.description
                )
                let made = try await addCode(code, to: studyId)
                (added, codes) = (added + [made], codes + [made])
            }
        }
        return added
    }
}

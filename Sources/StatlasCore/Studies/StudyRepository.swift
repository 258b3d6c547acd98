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
}

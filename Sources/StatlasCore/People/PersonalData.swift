import Foundation

/// Erasure of a person's data (UK GDPR Article 17), done by storage in one transaction across every table.
public protocol ErasureRepository: Sendable {
    /// Anonymises the person in every table, redacts their audit content, and keeps a tombstone so that an
    /// older backup restored later has the erasure applied again. Throws `notFound` for an unknown id.
    func erase(personId: String, by actor: Principal) async throws
    /// The ids of every erased person (the tombstones).
    func erasedPeople() async throws -> [String]
    /// Applies the erasure again to each of these people still present un-erased (after a restore);
    /// returns how many were erased again.
    func reapplyErasures(_ personIds: [String]) async throws -> Int
}

extension Person {
    /// The name an erased person's record carries.
    public static let erasedName = "Erased person"

    /// The record with everything that identifies the person removed; the id stays so that the records
    /// referring to it remain valid (and say only that someone, now erased, was involved).
    public func anonymised() -> Person {
        var copy = Person()
        (copy.id, copy.version, copy.createdAt, copy.updatedAt, copy.ownerId, copy.demo) = (
            id, version, createdAt, updatedAt, ownerId, demo
        )
        copy.name = Person.erasedName
        copy.visibility = .signedIn
        copy.lawfulBasis = lawfulBasis
        copy.reviewDate = reviewDate
        return copy
    }

    /// True once the record has been anonymised.
    public var isErased: Bool { self == anonymised() }
}

/// Everything held about one person, for a subject access request (UK GDPR Article 15).
public struct SubjectAccessReport: Codable, Sendable {
    public struct Reference: Codable, Sendable {
        public var kind: String
        public var id: String
        public var title: String
        public var relation: String
    }

    public struct HistoryEntry: Codable, Sendable {
        public var at: Date
        public var action: String
        public var before: JSONValue?
        public var after: JSONValue?
    }

    public var generatedAt: Date
    public var person: Person
    /// The records that mention the person, and how.
    public var referredToBy: [Reference]
    /// Every recorded change to the person's record.
    public var history: [HistoryEntry]
    /// Why the data is held and until when it is reviewed.
    public var lawfulBasis: String
    public var reviewDate: CalendarDate?

    /// Gathers the report from the register and the audit trail.
    public static func gather(
        personId: String, records: any RecordRepository, audit: any AuditRepository, now: Date = Date()
    ) async throws -> SubjectAccessReport {
        let person = try await records.get(Person.self, id: personId)
        let referrers = try await records.referrers(to: .person, id: personId)
        let events = try await audit.events(.person, id: personId)
        func json(_ text: String?) -> JSONValue? {
            text.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        }
        return SubjectAccessReport(
            generatedAt: now, person: person,
            referredToBy: referrers.map {
                Reference(kind: $0.kind.noun, id: $0.id, title: $0.title, relation: $0.relation)
            },
            history: events.map {
                HistoryEntry(
                    at: $0.at, action: $0.entry.action.rawValue, before: json($0.entry.before),
                    after: json($0.entry.after))
            },
            lawfulBasis: person.lawfulBasis.label, reviewDate: person.reviewDate)
    }
}

/// People whose data is due for review: review date on or before `today`, erased records left out.
public enum ReviewReport {
    public static func due(_ records: any RecordRepository, today: CalendarDate) async throws -> [Person] {
        try await records.all(Person.self).filter { person in
            guard let date = person.reviewDate, !person.isErased else { return false }
            return date <= today
        }
        .sorted { ($0.reviewDate!, $0.name) < ($1.reviewDate!, $1.name) }
    }
}

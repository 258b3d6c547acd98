import StatlasCore

/// Loads the demo register into a repository. Records that already exist (by id) are left alone, so
/// loading twice changes nothing.
public enum DemoLoader {
    /// How many records were created and how many were already there.
    public struct Summary: Sendable, Equatable {
        public var created = 0
        public var existing = 0
    }

    public static func load(into repository: any RecordRepository) async throws -> Summary {
        var summary = Summary()
        try await add(DemoRegister.themes, repository, &summary)
        try await add(DemoRegister.areas, repository, &summary)
        try await add(DemoRegister.organisations, repository, &summary)
        try await add(DemoRegister.people, repository, &summary)
        try await add(DemoRegister.datasets, repository, &summary)
        try await add(DemoRegister.collaborations, repository, &summary)
        try await add(DemoRegister.activities, repository, &summary)
        try await add(DemoRegister.relationships, repository, &summary)
        try await add(DemoRegister.resources, repository, &summary)
        try await add(DemoRegister.researchQuestions, repository, &summary)
        return summary
    }

    static func add<R: Record>(_ records: [R], _ repository: any RecordRepository, _ summary: inout Summary)
        async throws
    {
        let existing = Set(try await repository.get(R.self, ids: records.map(\.id)).map(\.id))
        for record in records where !existing.contains(record.id) {
            _ = try await repository.create(record)
            summary.created += 1
        }
        summary.existing += existing.count
    }
}

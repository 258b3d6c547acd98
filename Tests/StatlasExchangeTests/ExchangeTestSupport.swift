import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage
import Testing

/// The shared reference files (`../shared/data` beside the project).
enum SharedData {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    static func url(_ path: String) -> URL { directory.appendingPathComponent(path) }
}

/// Runs an import expected to fail and returns its error (failing the test if it succeeds).
func importFailure(_ body: () async throws -> Void) async -> ImportError? {
    do {
        try await body()
        Issue.record("the import was expected to fail")
        return nil
    } catch let error as ImportError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

/// The number of records of a kind matching API-style filters.
func total<R: Record>(_ type: R.Type, _ filters: [String: String], in repository: any RecordRepository) async throws
    -> Int
{
    let query = try ListQuery.parse(filters.merging(["limit": "1"]) { a, _ in a }, for: type)
    return try await repository.list(type, query).total
}

/// Every record of a kind, in id order.
func everything<R: Record>(_ type: R.Type, in repository: any RecordRepository) async throws -> [R] {
    try await repository.all(type, pageSize: 500)
}

/// A fingerprint of the whole register: every record of every kind, with versions and timestamps left out.
func contents(of repository: any RecordRepository) async throws -> [String] {
    func strip<R: Record>(_ type: R.Type) async throws -> [String] {
        try await everything(type, in: repository).map { record in
            var copy = record
            (copy.version, copy.createdAt, copy.updatedAt) = (0, nil, nil)
            return String(decoding: try RecordCodec.encoder().encode(copy), as: UTF8.self)
        }
    }
    var result: [String] = []
    for type in repository.kinds.types { result += try await strip(type) }
    return result
}

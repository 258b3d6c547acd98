import Foundation

/// A record offered to a person who typed something that names no single record: its id and name.
public struct Candidate: Codable, Sendable, Hashable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        (self.id, self.name) = (id, name)
    }
}

/// What a person typed where a record is referred to (a filter or a form field), and the record it means.
public enum ReferenceMatch: Sendable, Equatable {
    /// One record: by its id, or the only one with that name, short name or abbreviation.
    case record(Candidate)
    /// Several records have that name.
    case several([Candidate])
    /// None has; records whose names contain the words, from the search index (perhaps none).
    case none(suggestions: [Candidate])
}

/// Finding the record a person means by a name, short name, abbreviation or id, wherever one record refers to
/// another: filters, form fields and the API's filters.
public enum References {
    /// How many candidates an ambiguous name or a suggestion lists.
    public static let candidateLimit = 20

    /// Text as names are compared: case and accents aside, surrounding white space removed. The register's
    /// title sort key is the same folding, so a name is found through that index.
    public static func fold(_ text: String) -> String {
        text.trimmedWhitespace().folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The record of `kind` that `text` means: the one with that id; else the only one whose name or alias
    /// (`Record.aliases`) folds to the same text; else the candidates.
    public static func match(_ kind: EntityKind, _ text: String, in repository: any RecordRepository) async throws
        -> ReferenceMatch
    {
        let named = try await repository.named(kind, text, limit: candidateLimit + 1)
        if named.count == 1 { return .record(named[0]) }
        if named.count > 1 { return .several(Array(named.prefix(candidateLimit))) }
        let hits = try await repository.search(text, kinds: [kind], limit: 8)
        return .none(suggestions: hits.map { Candidate(id: $0.id, name: $0.title) })
    }

    /// The problem with a value that means no single record, for the field `field`; nil when it means one.
    public static func problem(_ field: String, _ kind: EntityKind, _ text: String, _ match: ReferenceMatch)
        -> FieldError?
    {
        switch match {
        case .record: return nil
        case .several(let candidates):
            var error = FieldError(
                field,
                "\(candidates.count > candidateLimit - 1 ? "Many" : String(candidates.count)) \(kind.collection) are called “\(text)”: choose one"
            )
            error.candidates = candidates
            return error
        case .none(let suggestions):
            var error = FieldError(
                field,
                suggestions.isEmpty
                    ? "No \(kind.noun) is called “\(text)”: check the name, or enter its short name or id"
                    : "No \(kind.noun) is called “\(text)”: choose one of those whose names contain these words, or check the name"
            )
            error.candidates = suggestions.isEmpty ? nil : suggestions
            return error
        }
    }

    /// The parameters with each value of a filter that refers to records (`FilterDefinition.targetKind`) replaced
    /// by the id of the record it names. Throws `StatlasError.invalid` naming every such filter whose value means
    /// no single record, with the candidates to choose from, so that no list is silently empty.
    public static func resolveFilters<R: Record>(
        _ type: R.Type, _ parameters: [String: String], in repository: any RecordRepository
    ) async throws -> (parameters: [String: String], names: [String: Candidate]) {
        try await resolve(
            parameters, R.filters.compactMap { filter in filter.targetKind.map { (filter.name, $0) } },
            in: repository)
    }

    /// As `resolveFilters`, for the parameters `references` names with the kind of record each refers to.
    public static func resolve(
        _ parameters: [String: String], _ references: [(name: String, kind: EntityKind)],
        in repository: any RecordRepository
    ) async throws -> (parameters: [String: String], names: [String: Candidate]) {
        let found = try await resolving(parameters, references, in: repository)
        guard found.problems.isEmpty else { throw StatlasError.invalid(found.problems) }
        return (found.parameters, found.names)
    }

    /// As `resolve`, without throwing: the parameters with each reference resolved to an id, those that name no
    /// single record left out and reported as `problems`, so that a caller can check the other parameters too
    /// and report every problem at once.
    public static func resolving(
        _ parameters: [String: String], _ references: [(name: String, kind: EntityKind)],
        in repository: any RecordRepository
    ) async throws -> (parameters: [String: String], names: [String: Candidate], problems: [FieldError]) {
        var resolved = parameters
        var names: [String: Candidate] = [:]
        var problems: [FieldError] = []
        for (name, kind) in references {
            guard let value = parameters[name], !value.trimmedWhitespace().isEmpty else { continue }
            let match = try await match(kind, value, in: repository)
            if case .record(let record) = match {
                resolved[name] = record.id
                names[name] = record
            } else if let problem = problem(name, kind, value, match) {
                resolved[name] = nil
                problems.append(problem)
            }
        }
        return (resolved, names, problems)
    }
}

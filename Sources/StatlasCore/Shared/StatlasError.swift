/// The failures a caller of the register can cause or meet, independent of HTTP or SQL.
///
/// The web layer maps each case to one status code and a problem-details body in one place.
public enum StatlasError: Error, Sendable, Equatable {
    /// The submitted record breaks one or more rules.
    case invalid([FieldError])
    /// No record of this kind has this id.
    case notFound(entity: EntityKind, id: String)
    /// The record changed since the caller read it (optimistic version mismatch).
    case versionConflict(entity: EntityKind, id: String, current: Int)
    /// A record with this id already exists.
    case duplicate(entity: EntityKind, id: String)
    /// The record is still referred to by others and cannot be deleted.
    case referenced(entity: EntityKind, id: String, detail: String)
    /// The request itself cannot be understood (malformed body, bad parameter).
    case badRequest(String)
    /// The caller may not do this (deny by default; object-level checks). The message says why; `fields`
    /// names the fields whose values the caller may not give (STANDARDS.md S18).
    case forbidden(String, fields: [FieldError] = [])
    /// The storage is out of space or otherwise unable to accept writes for now.
    case unavailable(String)
}

import Foundation
import Hummingbird
import StatlasCore

/// Refuses an address whose path or query holds a control character (NUL and the other C0 and C1 controls
/// but tab and line breaks, percent-encoded or not), before anything reads it: no record id or parameter value
/// can hold one, PostgreSQL cannot compare text with a NUL in it, and they would reach logs. A query parameter
/// is named in a 422 like any other invalid parameter (problem details on the API, a page elsewhere); a path
/// answers 404, as for any id nothing has.
struct ControlCharacterMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // No record, study or token has such an id: nothing is there.
        if Self.holdsControl(request.uri.path) { throw HTTPError(.notFound) }
        // Hummingbird decodes a parameter's value (so `%2500`, the text "%00", is no control) but not its name.
        let errors = request.uri.queryParameters.compactMap { name, value -> FieldError? in
            let badName = Self.holdsControl(String(name))
            guard badName || ControlCharacters.present(in: String(value)) else { return nil }
            let field = badName ? "query" : String(name)
            return FieldError(field, "\(field) must not contain control characters (such as NUL)")
        }
        if !errors.isEmpty { throw StatlasError.invalid(Array(Set(errors)).sorted { $0.field < $1.field }) }
        return try await next(request, context)
    }

    /// True when the text, or the text its percent-escapes stand for, holds a control character.
    static func holdsControl(_ text: String) -> Bool {
        ControlCharacters.present(in: text) || ControlCharacters.present(in: text.removingPercentEncoding ?? "")
    }
}

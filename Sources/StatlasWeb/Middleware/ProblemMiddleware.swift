import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StatlasCore

/// An RFC 9457 problem details body.
public struct Problem: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    /// For validation failures: every invalid field and why.
    public var errors: [FieldError]?
    /// For version conflicts: the record's current version.
    public var currentVersion: Int?
}

/// API failures that are not domain errors: authentication, preconditions, unsupported media.
enum APIFailure: Error {
    case unauthenticated
    case preconditionRequired
    case preconditionFailed(current: Int)
    case unsupportedMediaType
    case payloadTooLarge
    case notFound(String)
}

/// Answers every error on the API (`/api/…`) with RFC 9457 problem details, in one place; errors on pages
/// pass on to `ErrorPageMiddleware`. Unknown errors are logged with detail and answered with a generic 500;
/// no internal detail reaches the client.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let logger: Logger
    /// Records refusals (STANDARDS.md S11).
    let audit: any AuditRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard Self.isAPI(request) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch {
            await Self.recordRefusal(error, request: request, context: context, audit: audit, logger: logger)
            return Self.response(for: error, request: request, logger: logger)
        }
    }

    /// True for requests the API answers (problem details); the rest are pages.
    static func isAPI(_ request: Request) -> Bool { request.uri.path.hasPrefix("/api/") }

    /// Appends a refusal (403) to the audit trail, whichever middleware answers it.
    static func recordRefusal(
        _ error: any Error, request: Request, context: Context, audit: any AuditRepository, logger: Logger
    ) async {
        guard case StatlasError.forbidden(_, let fields) = error else { return }
        let entry = AuditEntry(
            .denied, actorId: context.user?.id,
            detail: Access.refusalDetail(request.method.rawValue, request.uri.path, fields))
        do { try await audit.append(entry) } catch {
            logger.error("Could not record a refusal: \(LogSafe.describe(error))")
        }
    }

    /// The user-facing explanation of a known error.
    static func detail(of error: any Error) -> String? {
        switch error {
        case let error as StatlasError: problem(error).detail
        case let failure as APIFailure: problem(failure).detail
        default: nil
        }
    }

    static func response(for error: any Error, request: Request, logger: Logger) -> Response {
        let (problem, headers) = Self.problem(for: error, request: request, logger: logger)
        return json(problem, headers: headers)
    }

    /// The problem that answers an error, with the headers it needs besides its body's (`WWW-Authenticate`).
    static func problem(for error: any Error, request: Request, logger: Logger) -> (Problem, HTTPFields) {
        var headers = HTTPFields()
        let problem: Problem
        switch error {
        case let error as StatlasError:
            var known = Self.problem(error)
            // A read refused for its query parameters: the request, not a record, is at fault.
            if case .invalid = error, request.method == .get { known.title = "A query parameter is not valid" }
            problem = known
        case let failure as APIFailure:
            problem = Self.problem(failure)
            if case .unauthenticated = failure { headers[.wwwAuthenticate] = "Bearer realm=\"statlas\"" }
        case is NIOTooManyBytesError:
            return (Self.problem(APIFailure.payloadTooLarge), headers)
        case let http as HTTPError:
            let status = http.status
            let detail = status == .notFound ? "There is nothing at \(request.uri.path)." : http.body
            problem = Problem(type: "about:blank", title: status.reasonPhrase, status: status.code, detail: detail)
            if status == .contentTooLarge || status.code == 413 {
                return (Self.problem(APIFailure.payloadTooLarge), headers)
            }
        default:
            logger.error(
                "Unhandled error on \(request.method) \(LogSafe.text(request.uri.path)): \(LogSafe.describe(error))")
            problem = Problem(
                type: "about:blank", title: "Internal Server Error", status: 500,
                detail: "Something went wrong on our side. It has been logged; please try again later.")
        }
        return (problem, headers)
    }

    static func json(_ problem: Problem, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/problem+json"
        let data = (try? RecordCodec.encoder().encode(problem)) ?? Data()
        return Response(
            status: .init(code: problem.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func problem(_ error: StatlasError) -> Problem {
        switch error {
        case .invalid(let errors):
            return Problem(
                type: "/problems/validation", title: "The record is not valid", status: 422,
                detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors: errors)
        case .notFound(let entity, let id):
            return Problem(
                type: "about:blank", title: "Not Found", status: 404, detail: "No \(entity.noun) has the id \(id).")
        case .versionConflict(let entity, let id, let current):
            return Problem(
                type: "/problems/version-conflict", title: "The record was changed by someone else", status: 409,
                detail:
                    "The \(entity.noun) \(id) is now at version \(current). Fetch it again, reapply your change and resend.",
                currentVersion: current)
        case .duplicate(let entity, let id):
            return Problem(
                type: "/problems/duplicate", title: "The record already exists", status: 409,
                detail: "A \(entity.noun) with the id \(id) already exists.")
        case .referenced(let entity, let id, let detail):
            return Problem(
                type: "/problems/referenced", title: "The record is still in use", status: 409,
                detail: "The \(entity.noun) \(id) cannot be deleted while other records refer to it: \(detail).")
        case .badRequest(let message):
            return Problem(type: "about:blank", title: "Bad Request", status: 400, detail: message)
        case .unavailable(let message):
            return Problem(type: "about:blank", title: "Service Unavailable", status: 503, detail: message)
        case .forbidden(let message, let fields):
            return Problem(
                type: "/problems/forbidden", title: "Forbidden", status: 403, detail: message,
                errors: fields.isEmpty ? nil : fields)
        }
    }

    static func problem(_ failure: APIFailure) -> Problem {
        switch failure {
        case .unauthenticated:
            return Problem(
                type: "about:blank", title: "Unauthorized", status: 401,
                detail:
                    "Send a valid API token as 'Authorization: Bearer <token>'. Create one with 'statlas token create --email E'."
            )
        case .preconditionRequired:
            return Problem(
                type: "about:blank", title: "Precondition Required", status: 428,
                detail:
                    "Send If-Match with the record's ETag (or include its 'version' in the body) so that no one else's change is overwritten."
            )
        case .preconditionFailed(let current):
            return Problem(
                type: "/problems/version-conflict", title: "Precondition Failed", status: 412,
                detail:
                    "The record has changed: its current version is \(current). Fetch it again and resend with the new ETag.",
                currentVersion: current)
        case .unsupportedMediaType:
            return Problem(
                type: "about:blank", title: "Unsupported Media Type", status: 415,
                detail: "Send the record as JSON with 'Content-Type: application/json'.")
        case .payloadTooLarge:
            return Problem(
                type: "about:blank", title: "Content Too Large", status: 413,
                detail: "The request body is larger than the 1 MiB limit.")
        case .notFound(let detail):
            return Problem(type: "about:blank", title: "Not Found", status: 404, detail: detail)
        }
    }
}

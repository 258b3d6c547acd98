import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import StatlasCore

/// Answers every error on a page (any path outside `/api/`) with an HTML page: the helpful pages of
/// `PageErrors`, or the error's explanation with its status. API errors pass on to `ProblemMiddleware`.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let logger: Logger
    let pages: PageRenderer
    /// Records refusals (STANDARDS.md S11).
    let audit: any AuditRepository

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !ProblemMiddleware.isAPI(request) else { return try await next(request, context) }
        do {
            return try await next(request, context)
        } catch {
            await ProblemMiddleware.recordRefusal(
                error, request: request, context: context, audit: audit, logger: logger)
            if let page = PageErrors.response(for: error, request: request, context: context, pages: pages) {
                return page
            }
            let (problem, headers) = ProblemMiddleware.problem(for: error, request: request, logger: logger)
            if problem.status == 500 { return PageErrors.internalError(context: context, pages: pages) }
            // The problem's own words, and only the headers it adds (not its JSON body's length or type).
            var page = pages.textPage(
                title: problem.title,
                blocks: [BlockView(paragraphs: problem.errors?.map(\.message) ?? [problem.detail ?? problem.title])],
                context: context,
                status: HTTPResponse.Status(code: problem.status))
            for field in headers { page.headers[field.name] = field.value }
            return page
        }
    }
}

/// Error pages for browsers: helpful 404, 403 for refused forms, generic 500 (details only in the log).
enum PageErrors {
    static func response(for error: any Error, request: Request, context: StatlasRequestContext, pages: PageRenderer)
        -> Response?
    {
        switch error {
        case is CSRFMiddleware.Refused:
            return pages.textPage(
                title: "This form could not be sent",
                blocks: [
                    BlockView(paragraphs: [
                        "The form was out of date or did not come from this site, so nothing was changed.",
                        "Go back, reload the page and try again. If you were signed out, sign in again first.",
                    ])
                ], context: context, status: .forbidden)
        case StatlasError.notFound(let kind, let id):
            return notFound(
                request: request, context: context, pages: pages, detail: "No \(kind.noun) has the id ‘\(id)’.")
        case let http as HTTPError where http.status == .notFound:
            return notFound(request: request, context: context, pages: pages, detail: nil)
        case is NIOTooManyBytesError,
            is HTTPError where (error as? HTTPError)?.status == .contentTooLarge:
            // A file sent without a session (one that ended, say) is held to the 1 MB limit: say why.
            let signedOut =
                context.session == nil && MultipartForm.boundary(of: request.headers[.contentType]) != nil
            return pages.textPage(
                title: signedOut ? "You are not signed in" : "What you sent is too large",
                blocks: [
                    BlockView(paragraphs: [
                        signedOut
                            ? "Only someone signed in may upload a file larger than 1 MB, and you are not signed in: your session may have ended. Sign in again, then send the file."
                            : "A form may send up to 1 MB; a file uploaded by someone signed in up to \(FormData.uploadLimit >> 20) MB."
                    ])
                ],
                context: context, status: .contentTooLarge)
        case APIFailure.unauthenticated:
            let next = request.method == .get ? request.uri.path : "/"
            return Response(status: .seeOther, headers: [.location: "/sign-in?next=" + FormData.escape(next)])
        default:
            return nil
        }
    }

    static func notFound(request: Request, context: StatlasRequestContext, pages: PageRenderer, detail: String?)
        -> Response
    {
        pages.textPage(
            title: "Page not found",
            blocks: [
                BlockView(paragraphs: [
                    detail ?? "If you typed the web address, check it is correct.",
                    "If you pasted the web address, check you copied the entire address.",
                ]),
                BlockView(subheading: "Find what you need", link: LinkView("Search the register", href: "/search")),
                BlockView(
                    link: LinkView("Find whom to contact about statistics for a theme or area", href: "/contact")),
            ], context: context, status: .notFound)
    }

    /// The page for an unexpected failure.
    static func internalError(context: StatlasRequestContext, pages: PageRenderer) -> Response {
        pages.textPage(
            title: "Sorry, there is a problem with the service",
            blocks: [
                BlockView(paragraphs: [
                    "Try again later. Nothing you entered has been saved unless you saw a confirmation.",
                    "The problem has been logged.",
                ])
            ], context: context, status: .internalServerError)
    }
}

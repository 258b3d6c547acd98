import Foundation
import Hummingbird
import Logging

/// One log line per request for operators, without personal data: the method, the route's pattern
/// (`/people/{id}`, never the address asked, which may hold a name or a query), the status and the time taken,
/// with the request id Hummingbird puts in the request's logger metadata.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = DispatchTime.now().uptimeNanoseconds
        func log(_ status: Int) {
            let milliseconds = Double(DispatchTime.now().uptimeNanoseconds &- start) / 1_000_000
            context.logger.info(
                "request",
                metadata: [
                    "http.method": .string(request.method.rawValue),
                    "http.route": .string(context.endpointPath ?? "unmatched"),
                    "http.status": .stringConvertible(status),
                    "duration_ms": .string(String(format: "%.2f", milliseconds)),
                ])
        }
        do {
            let response = try await next(request, context)
            log(response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            log(error.status.code)
            throw error
        } catch {
            log(500)
            throw error
        }
    }
}

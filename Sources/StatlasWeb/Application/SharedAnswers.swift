import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StatlasCore
import Synchronization

/// Answers that are the same for everyone who is not signed in, kept for one version of the register.
///
/// A list page, a page of the JSON list, a search or "who to contact" depends only on its address and on what
/// the register holds, and most people reading the register are not signed in. Such an answer is worked out
/// once per version of the register and address and then sent as it was made, until anything in the register
/// changes (any write, by any instance, moves the version) or the day does (some answers name what is upcoming
/// or current today). Signed-in people's answers, which carry their own actions and private fields, are never
/// kept; nor are failures, streamed bodies, answers setting cookies, or answers built on whole-register figures
/// that are not yet current (`markProvisional`): those are renewed in the background, and the next answer
/// after that is the one kept.
final class SharedAnswers: Sendable {
    /// One kept answer: status, headers and body.
    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    /// The register's current version.
    let version: @Sendable () async throws -> String
    /// The clock, for the day answers are kept for.
    let now: @Sendable () -> Date
    /// At most this many bytes of bodies are kept; beyond it the store starts again.
    let budget: Int
    /// No body larger than this is kept: a calendar of 2,000 activities (1.1 MB, 0.2 s to make) is; the
    /// engagement workbook (13 MB) is not.
    static let largest = 2 * 1024 * 1024
    private let store = Mutex<(version: String, bytes: Int, answers: [String: Answer])>(("", 0, [:]))

    init(
        budget: Int = 32 * 1024 * 1024, now: @escaping @Sendable () -> Date = Date.init,
        version: @escaping @Sendable () async throws -> String
    ) {
        self.budget = budget
        self.now = now
        self.version = version
    }

    /// Set while a shared route's handler runs and its body is written.
    @TaskLocal static var provisional: Provisional?

    /// Notes that the answer being made shows whole-register figures older than the register (being renewed),
    /// so it must not be kept. Does nothing outside a shared route.
    static func markProvisional() {
        provisional?.marked.store(true, ordering: .relaxed)
    }

    /// Whether anything the answer is made from was provisional.
    final class Provisional: Sendable {
        let marked = Atomic<Bool>(false)
    }

    /// The kept answer to `request`, or `handler`'s, kept when it may be shared.
    func answer(
        _ request: Request, _ context: StatlasRequestContext,
        _ handler: (Request, StatlasRequestContext) async throws -> Response
    ) async throws -> Response {
        // Only for people with no session at all: a session (a sign-in half done) carries a CSRF token that a
        // page may embed in a form, and that is theirs alone.
        guard context.user == nil, context.session == nil, request.method == .get else {
            return try await handler(request, context)
        }
        let version = try await version() + "@" + CalendarDate(now()).description
        let key = Self.key(request, context)
        if let kept = kept(key, version: version) {
            return Response(status: kept.status, headers: kept.headers, body: .init(byteBuffer: kept.body))
        }
        let provisional = Provisional()
        return try await Self.$provisional.withValue(provisional) {
            let response = try await handler(request, context)
            guard response.status == .ok, response.headers[.setCookie] == nil,
                let length = response.body.contentLength, length <= Self.largest,
                !provisional.marked.load(ordering: .relaxed)
            else { return response }
            let collected = Collected()
            try await response.body.write(Collector(into: collected))
            let answer = Answer(status: response.status, headers: response.headers, body: collected.buffer)
            if !provisional.marked.load(ordering: .relaxed) { keep(key, version: version, answer) }
            return Response(status: answer.status, headers: answer.headers, body: .init(byteBuffer: answer.body))
        }
    }

    /// The origin the answer's links are written for, the address as the handler reads it (path, parameters in
    /// name order) and the media types asked for; unambiguous whatever the parameters hold. The origin comes
    /// from the request's `Host` (or a trusted proxy's header), so without it one request naming another host
    /// would have every later reader's page link there (canonical and OpenGraph addresses, CKAN's and the
    /// catalogue's URLs).
    static func key(_ request: Request, _ context: StatlasRequestContext) -> String {
        let accept = request.headers[.accept] ?? ""
        let origin = context.origin
        return context.query.parameters.sorted { $0.key < $1.key }.reduce(
            into: "\(origin.utf8.count):\(origin)\(accept.utf8.count):\(accept)\(request.uri.path)"
        ) { key, parameter in
            key += "&\(parameter.key.utf8.count):\(parameter.key)\(parameter.value.utf8.count):\(parameter.value)"
        }
    }

    func kept(_ key: String, version: String) -> Answer? {
        store.withLock { store in store.version == version ? store.answers[key] : nil }
    }

    func keep(_ key: String, version: String, _ answer: Answer) {
        store.withLock { store in
            if store.version != version || store.bytes + answer.body.readableBytes > budget {
                store = (version, 0, [:])
            }
            store.bytes += answer.body.readableBytes
            store.answers[key] = answer
        }
    }
}

/// The bytes of a response body, as written.
final class Collected {
    var buffer = ByteBuffer()
}

/// Writes a response body into `Collected`.
struct Collector: ResponseBodyWriter {
    let into: Collected

    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        into.buffer.writeBuffer(&buffer)
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

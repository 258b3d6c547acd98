import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import StatlasCore

/// Builds JSON responses with the register's encoder.
enum JSONResponse {
    /// The value as JSON. A value that cannot be encoded (a NaN, say) throws, so that the problem middleware
    /// logs it and answers 500 rather than sending an empty object as if all were well.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        var headers = headers
        headers[.contentType] = "application/json"
        let data = try RecordCodec.encoder().encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A list answer made from stored JSON documents, byte for byte what encoding `ListBody` of the records
    /// would give (keys sorted: `items`, then `total`).
    static func list(_ documents: [String], total: Int, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = "application/json"
        var buffer = ByteBuffer()
        buffer.reserveCapacity(documents.reduce(32) { $0 + $1.utf8.count + 1 })
        buffer.writeString("{\"items\":[")
        for (i, document) in documents.enumerated() {
            if i > 0 { buffer.writeString(",") }
            buffer.writeString(document)
        }
        buffer.writeString("],\"total\":\(total)}")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }

    /// A file to save: the bytes with their media type and an attachment file name.
    static func download(_ data: Data, _ type: String, _ name: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A file to save written in parts as `write` emits them: for downloads too long to hold whole. Anything
    /// that can fail before the first part should be done before calling this, so that it still gets a problem.
    static func download(
        _ type: String, _ name: String,
        parts write: @escaping @Sendable (_ emit: (Data) async throws -> Void) async throws -> Void
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        let body = ResponseBody { writer in
            try await write { part in try await writer.write(ByteBuffer(bytes: part)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Reads the request body, refusing bodies over the context's limit and non-JSON media types.
    static func body(_ request: Request, context: StatlasRequestContext) async throws -> Data {
        try await body(request, context: context, accepting: ["json"])
    }

    /// The request body within the upload limit, when its content type contains one of `accepting` (or is not
    /// given).
    static func body(
        _ request: Request, context: StatlasRequestContext, accepting: [String], limit: Int? = nil
    ) async throws -> Data {
        if let type = request.headers[.contentType]?.lowercased(), !accepting.contains(where: { type.contains($0) }) {
            throw APIFailure.unsupportedMediaType
        }
        do {
            let buffer = try await request.body.collect(upTo: limit ?? context.maxUploadSize)
            return Data(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIFailure.payloadTooLarge
        } catch is NIOTooManyBytesError {
            throw APIFailure.payloadTooLarge
        }
    }
}

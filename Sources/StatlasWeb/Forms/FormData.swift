import Foundation
import Hummingbird
import StatlasCore

/// The fields of a submitted `application/x-www-form-urlencoded` body (or query), keeping repeated names, or of a
/// `multipart/form-data` body with its files.
struct FormData: Sendable {
    var pairs: [(name: String, value: String)]
    /// The files a multipart form sent, by field name.
    var files: [String: UploadedFile] = [:]

    init(pairs: [(name: String, value: String)] = []) {
        self.pairs = pairs
    }

    /// Parses `a=1&b=x+y&a=2`; `+` is a space and percent escapes are decoded.
    init(urlEncoded text: String) {
        pairs = text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    /// The first value given for a name.
    subscript(name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value given for a name, in order.
    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    mutating func append(_ name: String, _ value: String) { pairs.append((name, value)) }

    /// The entry indexes present for a group field (`name[3].x` → 3).
    func indexes(of group: String) -> [Int] {
        let prefix = group + "["
        let found = pairs.compactMap { pair -> Int? in
            guard pair.name.hasPrefix(prefix), let close = pair.name.firstIndex(of: "]") else { return nil }
            return Int(pair.name[pair.name.index(pair.name.startIndex, offsetBy: prefix.count)..<close])
        }
        return Array(Set(found)).filter { (0..<200).contains($0) }.sorted()
    }

    /// The entries of a group that hold something typed or chosen (a blank entry, or one holding only zeros, the
    /// blank count fields submit, is no entry).
    func typedIndexes(of group: String) -> [Int] {
        indexes(of: group).filter { typed(under: "\(group)[\($0)].") }
    }

    /// Whether any field under `prefix` holds a value other than blank or "0".
    func typed(under prefix: String) -> Bool {
        pairs.contains {
            $0.name.hasPrefix(prefix) && !$0.value.trimmingCharacters(in: .whitespaces).isEmpty && $0.value != "0"
        }
    }

    /// The body encoded again (for tests and redirects).
    var encoded: String {
        pairs.map { "\(Self.escape($0.name))=\(Self.escape($0.value))" }.joined(separator: "&")
    }

    /// A query string from name–value pairs.
    static func query(_ items: [(String, String)]) -> String {
        FormData(pairs: items.map { (name: $0.0, value: $0.1) }).encoded
    }

    static func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

extension FormData {
    /// The form in the request body, URL-encoded or multipart, refused (413) above the upload limit.
    static func read(_ request: Request, _ context: StatlasRequestContext) async throws -> FormData {
        if let form = context.submittedForm { return form }
        let boundary = MultipartForm.boundary(of: request.headers[.contentType])
        let buffer = try await request.body.collect(upTo: limit(multipart: boundary != nil, context))
        return try read(buffer, boundary: boundary)
    }

    /// The most a form's body may hold: files may be as large as a study's project import, for a signed-in
    /// person only; anything else is held to the site's upload limit (STANDARDS.md S16).
    static func limit(multipart: Bool, _ context: StatlasRequestContext) -> Int {
        multipart && context.session != nil ? uploadLimit : context.maxUploadSize
    }

    /// The largest file upload a page form takes: a study's REFI-QDA project with its transcripts.
    static let uploadLimit = 64 << 20

    /// A collected body as a form: multipart when a boundary is given, URL-encoded otherwise.
    static func read(_ buffer: ByteBuffer, boundary: String?) throws -> FormData {
        guard let boundary else { return FormData(urlEncoded: String(buffer: buffer)) }
        do {
            return try MultipartForm.read(buffer, boundary: boundary)
        } catch let error as MultipartForm.Malformed {
            throw StatlasError.badRequest(error.description)
        }
    }
}

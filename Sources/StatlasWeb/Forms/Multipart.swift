import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// A file a browser sent with a form (`<input type="file">`): its name as the person's computer called it, the
/// type the browser gave and its bytes.
struct UploadedFile: Sendable, Hashable {
    var filename: String
    var contentType: String?
    var data: Data

    /// The file's extension, lower-cased ("docx" for "Interview 3.DOCX").
    var fileExtension: String { URL(fileURLWithPath: filename).pathExtension.lowercased() }
}

/// Reads a `multipart/form-data` body (RFC 7578) with MultipartKit's parser: text fields become form pairs and
/// file fields `UploadedFile`s. Bounded: the body was collected within a limit, and parts, a part's headers and
/// text fields are limited here, so a crafted body cannot make the server hold more than it sent.
enum MultipartForm {
    /// The most parts a form may have.
    static let maximumParts = 500
    /// The longest text field (a file may be as large as the body).
    static let maximumTextField = 1 << 20

    /// Why a multipart body could not be read; shown as a 400 page or problem.
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// The boundary of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: .whitespaces)
            let unquoted =
                value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : value
            return (1...70).contains(unquoted.utf8.count) ? unquoted : nil
        }
        return nil
    }

    /// The form's text fields and files.
    static func read(_ buffer: ByteBuffer, boundary: String) throws -> FormData {
        let parser = MultipartParser(boundary: boundary)
        var form = FormData()
        var headers: [(String, String)] = []
        var body = ByteBuffer()
        var problem: String?
        parser.onHeader = { name, value in
            guard problem == nil else { return }
            headers.append((name.lowercased(), value))
            if headers.count > 20 { problem = "A part of the form has too many headers" }
        }
        parser.onBody = { chunk in
            guard problem == nil else { return }
            body.writeBuffer(&chunk)
        }
        parser.onPartComplete = {
            defer { (headers, body) = ([], ByteBuffer()) }
            guard problem == nil else { return }
            guard form.pairs.count + form.files.count < maximumParts else {
                problem = "The form has more than \(maximumParts) parts"
                return
            }
            do throws(Malformed) { try add(headers, body, to: &form) } catch { problem = error.description }
        }
        do { try parser.execute(buffer) } catch { throw Malformed(description: "The form is not valid multipart data") }
        if let problem { throw Malformed(description: problem) }
        if !headers.isEmpty || body.readableBytes > 0 {
            throw Malformed(description: "The upload was cut short: send the form again")
        }
        return form
    }

    /// One part: a file when its disposition names a file, a text field otherwise.
    static func add(_ headers: [(String, String)], _ body: ByteBuffer, to form: inout FormData) throws(Malformed) {
        guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1,
            let name = parameter("name", in: disposition)
        else { throw Malformed(description: "A part of the form has no name") }
        let bytes = Data(body.readableBytesView)
        if let filename = parameter("filename", in: disposition) {
            // A file input left empty sends a part with an empty filename and no bytes: no file.
            guard !filename.isEmpty || !bytes.isEmpty else { return }
            let type = headers.first { $0.0 == "content-type" }?.1
            form.files[name] = UploadedFile(filename: filename, contentType: type, data: bytes)
            return
        }
        guard bytes.count <= maximumTextField else { throw Malformed(description: "The field \(name) is too long") }
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw Malformed(description: "The field \(name) is not UTF-8 text")
        }
        form.append(name, text)
    }

    /// A parameter of a `Content-Disposition` value (`form-data; name="file"; filename="a.docx"`), unquoted, with
    /// the percent-encoded quotes and backslash escapes browsers write decoded.
    static func parameter(_ key: String, in value: String) -> String? {
        var rest = Substring(value)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var after = rest[rest.index(after: equals)...]
            var found = ""
            if after.first == "\"" {
                after = after.dropFirst()
                var escaped = false
                var end = after.endIndex
                for index in after.indices {
                    let character = after[index]
                    if escaped {
                        found.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        end = index
                        break
                    } else {
                        found.append(character)
                    }
                }
                rest = end < after.endIndex ? after[after.index(after: end)...] : after[after.endIndex...]
            } else {
                let end = after.firstIndex(of: ";") ?? after.endIndex
                found = after[..<end].trimmingCharacters(in: .whitespaces)
                rest = after[end...]
            }
            if name == key { return found.replacingOccurrences(of: "%22", with: "\"") }
        }
        return nil
    }
}

import Foundation
import Hummingbird
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

/// Reads a `multipart/form-data` body (RFC 7578): text fields become form pairs and file fields `UploadedFile`s.
/// (MultipartKit 4.7's parser allocated a buffer for every CR in a body: 3 s for 32 MB of line breaks.) Bounded: the body was collected within a limit, and parts, a part's headers and
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

    /// The form's text fields and files. The body is split on its delimiter with a byte search (each candidate
    /// found with `memchr`, nothing allocated per byte), so its cost follows its length whatever it holds.
    static func read(_ buffer: ByteBuffer, boundary: String) throws -> FormData {
        let delimiter = Array("\r\n--\(boundary)".utf8)
        return try buffer.withUnsafeReadableBytes { raw -> FormData in
            let bytes = raw.bindMemory(to: UInt8.self)
            var form = FormData()
            // The first delimiter may open the body (no CR LF before it) or follow a preamble.
            var position: Int
            if bytes.starts(with: delimiter.dropFirst(2)) {
                position = delimiter.count - 2
            } else if let found = find(delimiter, in: bytes, from: 0) {
                position = found + delimiter.count
            } else {
                throw Malformed(description: "The form is not valid multipart data")
            }
            var parts = 0
            while true {
                // After a delimiter: "--" ends the form; otherwise optional padding and CR LF start a part.
                if position + 1 < bytes.count, bytes[position] == 0x2D, bytes[position + 1] == 0x2D { return form }
                while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
                guard position + 1 < bytes.count, bytes[position] == 0x0D, bytes[position + 1] == 0x0A else {
                    throw Malformed(description: "The upload was cut short: send the form again")
                }
                position += 2
                guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: position - 2, within: 16 * 1024)
                else { throw Malformed(description: "A part of the form has headers that do not end") }
                let headers = try self.headers(UnsafeBufferPointer(rebasing: bytes[(position - 2)..<headerEnd]))
                let bodyStart = headerEnd + 4
                guard let bodyEnd = find(delimiter, in: bytes, from: bodyStart) else {
                    throw Malformed(description: "The upload was cut short: send the form again")
                }
                parts += 1
                guard parts <= maximumParts else {
                    throw Malformed(description: "The form has more than \(maximumParts) parts")
                }
                try add(headers, Data(UnsafeBufferPointer(rebasing: bytes[bodyStart..<bodyEnd])), to: &form)
                position = bodyEnd + delimiter.count
            }
        }
    }

    /// Where `pattern` next starts at or after `from` (and, with `within`, no further than that many bytes on).
    static func find(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, within: Int? = nil) -> Int? {
        guard let first = pattern.first, let base = bytes.baseAddress else { return nil }
        let end = within.map { min(bytes.count, from + $0 + pattern.count) } ?? bytes.count
        var index = from
        while index + pattern.count <= end {
            guard let hit = memchr(base + index, Int32(first), end - index - pattern.count + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, pattern, pattern.count) == 0 { return at }
            index = at + 1
        }
        return nil
    }

    /// A part's header lines (each after a CR LF), names lower-cased; at most 20, in UTF-8.
    static func headers(_ block: UnsafeBufferPointer<UInt8>) throws(Malformed) -> [(String, String)] {
        guard let text = String(validating: block, as: UTF8.self) else {
            throw Malformed(description: "A part of the form has headers that are not UTF-8")
        }
        let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        guard lines.count <= 20 else { throw Malformed(description: "A part of the form has too many headers") }
        return try lines.map { line throws(Malformed) in
            guard let colon = line.firstIndex(of: ":") else {
                throw Malformed(description: "A part of the form has a header without a name")
            }
            return (
                line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            )
        }
    }

    /// One part: a file when its disposition names a file, a text field otherwise.
    static func add(_ headers: [(String, String)], _ bytes: Data, to form: inout FormData) throws(Malformed) {
        guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1,
            let name = parameter("name", in: disposition)
        else { throw Malformed(description: "A part of the form has no name") }
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

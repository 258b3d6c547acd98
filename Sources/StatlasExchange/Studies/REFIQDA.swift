import Crypto
import Foundation
import StatlasCore
import ZIPFoundation

/// REFI-QDA exchange (www.qdasoftware.org): a study's codebook as a QDC file and its project as a QDPX file — a ZIP
/// holding `project.qde` (QDA-XML: users, codebook, variables, cases, text sources with their selections and
/// codings by coder, notes) and each document's text as `sources/<guid>.txt`. Positions are Unicode scalars of the
/// text, as REFI-QDA counts characters. GUIDs are derived from the study's ids, so exporting twice gives the same
/// file, and a user's GUID is their account id.
public enum REFIQDA {
    public static let projectNamespace = "urn:QDA-XML:project:1.0"
    public static let codebookNamespace = "urn:QDA-XML:codebook:1.0"

    /// A stable GUID for an item of a study (SHA-256 of its kind and ids, shaped as a version-8 UUID).
    static func guid(_ parts: String...) -> String {
        let digest = Array(SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let i = hex.startIndex
        func part(_ a: Int, _ b: Int) -> Substring { hex[hex.index(i, offsetBy: a)..<hex.index(i, offsetBy: b)] }
        return "\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
    }

    /// A user's GUID: their account id when it is a UUID, else one derived from it.
    static func userGuid(_ id: String) -> String {
        UUID(uuidString: id) != nil ? id.lowercased() : guid("user", id)
    }

    /// Text safe inside XML 1.0: markup characters escaped, characters XML cannot hold dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = scalar.value
                if v >= 0x20 && v != 0xFFFE && v != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// The codes as nested `<Code>` elements (children under their parents).
    static func codesXML(_ codes: [StudyCode], studyId: String, indent: String) -> String {
        let children = Dictionary(grouping: codes.filter { $0.parentId != nil }, by: { $0.parentId! })
        let ids = Set(codes.map(\.id))
        func element(_ code: StudyCode, _ depth: Int) -> String {
            let pad = indent + String(repeating: "  ", count: depth)
            var attributes =
                "guid=\"\(guid("code", studyId, code.id))\" name=\"\(escape(code.name))\" isCodable=\"true\""
            if let colour = code.colour { attributes += " color=\"\(escape(colour))\"" }
            let inner =
                (code.description.map { "\(pad)  <Description>\(escape($0))</Description>\n" } ?? "")
                + (children[code.id] ?? []).map { element($0, depth + 1) }.joined()
            return inner.isEmpty
                ? "\(pad)<Code \(attributes)/>\n" : "\(pad)<Code \(attributes)>\n\(inner)\(pad)</Code>\n"
        }
        // Roots are codes without a parent, or whose parent is not in the codebook.
        return codes.filter { $0.parentId.map { !ids.contains($0) } ?? true }.map { element($0, 0) }.joined()
    }

    /// The study's codebook as a QDC file.
    public static func codebook(_ codes: [StudyCode], studyId: String) -> Data {
        Data(
            """
            <?xml version="1.0" encoding="utf-8"?>
            <CodeBook xmlns="\(codebookNamespace)" origin="Statlas">
              <Codes>
            \(codes.isEmpty ? "" : codesXML(codes, studyId: studyId, indent: "    "))  </Codes>
            </CodeBook>

            """.utf8)
    }

    /// The project's `project.qde`.
    public static func projectXML(_ export: ProjectExport) -> String {
        let studyId = export.study.id
        let now = Timestamp.string(export.study.updatedAt ?? Date(timeIntervalSince1970: 0))
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="\(projectNamespace)" name="\(escape(export.study.title))" origin="Statlas" creationDateTime="\(now)">

            """
        if !export.team.isEmpty {
            xml += "  <Users>\n"
            for member in export.team {
                xml +=
                    "    <User guid=\"\(userGuid(member.userId))\" name=\"\(escape(member.name))\" id=\"\(escape(member.userId))\"/>\n"
            }
            xml += "  </Users>\n"
        }
        if !export.codes.isEmpty {
            xml +=
                "  <CodeBook>\n    <Codes>\n\(codesXML(export.codes, studyId: studyId, indent: "      "))    </Codes>\n  </CodeBook>\n"
        }
        let variables = Array(Set(export.participants.flatMap(\.attributes.keys))).sorted()
        if !variables.isEmpty {
            xml += "  <Variables>\n"
            for name in variables {
                xml +=
                    "    <Variable guid=\"\(guid("variable", studyId, name))\" name=\"\(escape(name))\" typeOfVariable=\"Text\"/>\n"
            }
            xml += "  </Variables>\n"
        }
        let documentsBy = Dictionary(grouping: export.documents, by: \.participantId)
        if !export.participants.isEmpty {
            xml += "  <Cases>\n"
            for participant in export.participants {
                xml +=
                    "    <Case guid=\"\(guid("case", studyId, participant.id))\" name=\"\(escape(participant.pseudonym))\">\n"
                for (name, value) in participant.attributes.sorted(by: { $0.key < $1.key }) {
                    xml +=
                        "      <VariableValue><VariableRef targetGUID=\"\(guid("variable", studyId, name))\"/><TextValue>\(escape(value))</TextValue></VariableValue>\n"
                }
                for document in documentsBy[participant.id] ?? [] {
                    xml += "      <SourceRef targetGUID=\"\(guid("source", studyId, document.id))\"/>\n"
                }
                xml += "    </Case>\n"
            }
            xml += "  </Cases>\n"
        }
        let codingsBy = Dictionary(grouping: export.codings, by: \.documentId)
        let memosBy = Dictionary(grouping: export.memos, by: { "\($0.targetKind.rawValue)/\($0.targetId)" })
        func noteRefs(_ kind: MemoTarget, _ id: String, _ pad: String) -> String {
            (memosBy["\(kind.rawValue)/\(id)"] ?? []).map {
                "\(pad)<NoteRef targetGUID=\"\(guid("note", studyId, $0.id))\"/>\n"
            }
            .joined()
        }
        if !export.documents.isEmpty {
            xml += "  <Sources>\n"
            for document in export.documents {
                let source = guid("source", studyId, document.id)
                let created = document.createdAt.map { " creationDateTime=\"\(Timestamp.string($0))\"" } ?? ""
                xml +=
                    "    <TextSource guid=\"\(source)\" name=\"\(escape(document.title))\" plainTextPath=\"internal://\(source).txt\"\(created)>\n"
                for coding in codingsBy[document.id] ?? [] {
                    let user = userGuid(coding.coderId)
                    xml +=
                        "      <PlainTextSelection guid=\"\(guid("selection", studyId, coding.id))\" startPosition=\"\(coding.start)\" endPosition=\"\(coding.end)\" creatingUser=\"\(user)\">\n"
                    xml +=
                        "        <Coding guid=\"\(guid("coding", studyId, coding.id))\" creatingUser=\"\(user)\"><CodeRef targetGUID=\"\(guid("code", studyId, coding.codeId))\"/></Coding>\n"
                    xml += noteRefs(.coding, coding.id, "        ")
                    xml += "      </PlainTextSelection>\n"
                }
                xml += noteRefs(.document, document.id, "      ")
                xml += "    </TextSource>\n"
            }
            xml += "  </Sources>\n"
        }
        if !export.memos.isEmpty {
            xml += "  <Notes>\n"
            for memo in export.memos {
                xml +=
                    "    <Note guid=\"\(guid("note", studyId, memo.id))\" name=\"Memo on \(memo.targetKind.rawValue)\" creatingUser=\"\(userGuid(memo.authorId))\"><PlainTextContent>\(escape(memo.text))</PlainTextContent></Note>\n"
            }
            xml += "  </Notes>\n"
        }
        if let summary = export.study.summary { xml += "  <Description>\(escape(summary))</Description>\n" }
        xml += noteRefs(.study, studyId, "  ")
        return xml + "</Project>\n"
    }

    /// The project as a QDPX file: `project.qde` and `sources/<guid>.txt`, deflate-compressed.
    public static func project(_ export: ProjectExport) throws -> Data {
        let archive = try Archive(accessMode: .create)
        func add(_ path: String, _ data: Data) throws {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        try add("project.qde", Data(projectXML(export).utf8))
        for document in export.documents {
            try add("sources/\(guid("source", export.study.id, document.id)).txt", Data(document.text.utf8))
        }
        guard let data = archive.data else { throw StatlasError.badRequest("The QDPX file could not be written") }
        return data
    }
}

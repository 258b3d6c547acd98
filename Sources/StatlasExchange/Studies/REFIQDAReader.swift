import Foundation
import StatlasCore
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads a QDC codebook or a QDPX project (or its bare `project.qde`) written by another QDA tool into a
/// `ProjectImport`: nested codes, cases with their variables as participants, text sources (inline, or
/// `internal://` files in the archive, deflate-compressed or stored, CR LF line ends or not) with their selections
/// and codings, and notes as memos. Positions are moved onto the normalised text. Anything a study cannot hold is
/// listed in `unmapped`, not silently dropped.
extension REFIQDA {
    /// The largest part read from an archive, uncompressed.
    static let largestPart = 64 << 20

    /// The most of each a project may bring at once: well beyond a study's interviews, and bounding the work an
    /// import holds the database for.
    static let limits = (sources: 5_000, codes: 10_000, codings: 200_000, notes: 50_000)

    public static func read(_ data: Data, team: [StudyMember]) throws -> ProjectImport {
        let project =
            data.starts(with: [0x50, 0x4B])
            ? try readArchive(data, team: team) : try readXML(data, files: [:], team: team)
        for (name, count, most) in [
            ("sources", project.documents.count, limits.sources), ("codes", project.codes.count, limits.codes),
            ("codings", project.codings.count, limits.codings), ("notes", project.memos.count, limits.notes),
        ] where count > most {
            throw invalid(
                "The project has \(count) \(name); Statlas imports at most \(most) at once: split the project")
        }
        return project
    }

    static func invalid(_ message: String) -> StatlasError {
        StatlasError.invalid([FieldError("file", message)])
    }

    static func readArchive(_ data: Data, team: [StudyMember]) throws -> ProjectImport {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw invalid("The file is neither a QDPX archive nor QDA-XML")
        }
        var files: [String: Data] = [:]
        var project: Data?
        var total = 0
        for entry in archive where entry.type == .file {
            guard entry.uncompressedSize <= largestPart, total + Int(entry.uncompressedSize) <= largestPart * 2 else {
                throw invalid("The archive's \(entry.path) is too large to read (more than 64 MB)")
            }
            var content = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    content.append(chunk)
                    if content.count > largestPart { throw CocoaError(.fileReadTooLarge) }
                }
            } catch { throw invalid("The archive's \(entry.path) could not be unpacked") }
            total += content.count
            if entry.path.lowercased().hasSuffix(".qde") && !entry.path.contains("/") { project = content }
            files[entry.path] = content
        }
        guard let project else { throw invalid("The QDPX archive has no project.qde") }
        return try readXML(project, files: files, team: team)
    }

    /// A parsed element: its local name, attributes, children and text.
    final class Element {
        let name: String
        let attributes: [String: String]
        var children: [Element] = []
        var text = ""

        init(name: String, attributes: [String: String]) { (self.name, self.attributes) = (name, attributes) }

        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        func first(_ name: String) -> Element? { children.first { $0.name == name } }
        subscript(_ attribute: String) -> String? { attributes[attribute] }
    }

    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Element] = []
        var root: Element?
        var elements = 0
        var tooDeep = false

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements += 1
            // Bounded breadth and depth: a deeply nested file would otherwise exhaust the stack when the tree is
            // walked or freed.
            guard elements < 2_000_000, stack.count < REFIQDA.deepestElement else {
                tooDeep = stack.count >= REFIQDA.deepestElement
                return parser.abortParsing()
            }
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let element = Element(name: local, attributes: attributes)
            stack.last?.children.append(element)
            if stack.isEmpty { root = element }
            stack.append(element)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
    }

    static func parse(_ data: Data) throws -> Element {
        let builder = TreeBuilder()
        // Read as a stream, in chunks: libxml2 refuses a single chunk of more than 10 MB ("huge input").
        let parser = XMLParser(stream: InputStream(data: data))
        parser.delegate = builder
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), parser.parserError == nil, builder.stack.isEmpty, let root = builder.root else {
            if builder.tooDeep {
                throw invalid("The file nests elements more than \(deepestElement) deep; QDA-XML never needs that many")
            }
            throw invalid("The file is not well-formed QDA-XML (line \(parser.lineNumber))")
        }
        return root
    }

    static func readXML(_ data: Data, files: [String: Data], team: [StudyMember]) throws -> ProjectImport {
        let root = try parse(data)
        var result = ProjectImport()
        switch root.name {
        case "CodeBook":
            codes(root.first("Codes")?.all("Code") ?? [], parent: nil, into: &result)
            if root.first("Sets") != nil { result.unmapped.append("code sets (a study's codebook has no sets)") }
            return result
        case "Project": break
        default: throw invalid("The file's root element is \(root.name), not Project or CodeBook")
        }
        codes(root.first("CodeBook")?.first("Codes")?.all("Code") ?? [], parent: nil, into: &result)
        let members = Set(team.map { $0.userId.lowercased() })
        let variables = Dictionary(
            (root.first("Variables")?.all("Variable") ?? []).compactMap { v in v["guid"].map { ($0, v["name"] ?? $0) }
            },
            uniquingKeysWith: { a, _ in a })
        // Cases become participants; each source belongs to the first case naming it.
        var caseOf: [String: String] = [:]
        for item in root.first("Cases")?.all("Case") ?? [] {
            guard let key = item["guid"] else { continue }
            var attributes: [String: String] = [:]
            for value in item.all("VariableValue") {
                guard let variable = value.first("VariableRef")?["targetGUID"], let name = variables[variable] else {
                    continue
                }
                let given = value.children.first { $0.name.hasSuffix("Value") && $0.name != "VariableValue" }?.text
                if let given = given?.trimmingCharacters(in: .whitespacesAndNewlines), !given.isEmpty {
                    attributes[String(name.prefix(60))] = String(given.prefix(200))
                }
            }
            result.participants.append(
                ProjectImport.Participant(key: key, pseudonym: item["name"], attributes: attributes))
            for source in item.all("SourceRef") {
                if let target = source["targetGUID"], caseOf[target] == nil { caseOf[target] = key }
            }
        }
        var notesTarget: [String: (MemoTarget, String)] = [:]
        func noteRefs(_ element: Element, _ kind: MemoTarget, _ key: String) {
            for ref in element.all("NoteRef") {
                if let target = ref["targetGUID"] { notesTarget[target] = (kind, key) }
            }
        }
        noteRefs(root, .study, "")
        var skippedSelections = 0
        var foreignCoders = 0
        for source in root.first("Sources")?.children ?? [] {
            guard source.name == "TextSource", let key = source["guid"] else {
                result.unmapped.append("\(source.name) “\(source["name"] ?? "")” (a study holds text only)")
                continue
            }
            let name = source["name"] ?? "Imported document"
            guard let raw = text(of: source, files: files, unmapped: &result.unmapped) else { continue }
            let (normalised, map) = DocumentText.normaliseMapping(raw)
            let length = normalised.unicodeScalars.count
            let participant = caseOf[key] ?? "source:" + key
            if caseOf[key] == nil {
                result.participants.append(ProjectImport.Participant(key: participant, pseudonym: nil, attributes: [:]))
            }
            result.documents.append(
                ProjectImport.Document(
                    key: key, participantKey: participant, title: String(name.prefix(500)), text: normalised))
            noteRefs(source, .document, key)
            func coder(_ user: String?) -> String? {
                guard let user = user?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "{}")),
                    members.contains(user)
                else {
                    foreignCoders += 1
                    return nil
                }
                return user
            }
            // Codings of the whole source, then of each selection.
            for coding in source.all("Coding") {
                if let code = coding.first("CodeRef")?["targetGUID"], length > 0 {
                    result.codings.append(
                        ProjectImport.Coding(
                            documentKey: key, codeKey: code, start: 0, end: length,
                            coderId: coder(coding["creatingUser"])))
                }
            }
            for selection in source.all("PlainTextSelection") {
                guard let start = selection["startPosition"].flatMap(Int.init),
                    let end = selection["endPosition"].flatMap(Int.init),
                    start >= 0, end > start, end < map.count
                else {
                    skippedSelections += 1
                    continue
                }
                let (from, to) = (map[start], map[end])
                noteRefs(selection, .document, key)
                for coding in selection.all("Coding") {
                    guard let code = coding.first("CodeRef")?["targetGUID"], to > from else { continue }
                    result.codings.append(
                        ProjectImport.Coding(
                            documentKey: key, codeKey: code, start: from, end: to,
                            coderId: coder(coding["creatingUser"] ?? selection["creatingUser"])))
                }
            }
        }
        for note in root.first("Notes")?.all("Note") ?? [] {
            guard let key = note["guid"], let body = text(of: note, files: files, unmapped: &result.unmapped) else {
                continue
            }
            let memo = DocumentText.normalise(body)
            guard !memo.isEmpty else { continue }
            let (kind, target) = notesTarget[key] ?? (.study, "")
            result.memos.append(
                ProjectImport.Memo(targetKind: kind, targetKey: target, text: String(memo.prefix(100_000))))
        }
        for (element, what) in [("Sets", "sets"), ("Graphs", "graphs"), ("Links", "links")]
        where root.first(element) != nil {
            result.unmapped.append("\(what) (a study has none)")
        }
        if skippedSelections > 0 {
            result.unmapped.append("\(skippedSelections) selections whose positions are outside their text")
        }
        if foreignCoders > 0 {
            result.unmapped.append(
                "\(foreignCoders) codings by users not on the study's team: they are recorded as yours")
        }
        let known = Set(result.codes.map(\.key))
        let unknown = result.codings.filter { !known.contains($0.codeKey) }.count
        if unknown > 0 {
            result.unmapped.append("\(unknown) codings of codes the file's codebook does not hold")
            result.codings.removeAll { !known.contains($0.codeKey) }
        }
        return result
    }

    /// The deepest element read, and the deepest code (a code under eleven others).
    static let deepestElement = 64
    static let deepestCode = StudyCode.deepest

    /// Codes, depth first, each after its parent; codes nested too deep are listed as not mapped.
    static func codes(_ elements: [Element], parent: String?, into result: inout ProjectImport, depth: Int = 1) {
        for element in elements {
            guard depth <= deepestCode else {
                result.unmapped.append(
                    "“\(element["name"] ?? "a code")” and the codes under it: nested more than \(deepestCode) deep")
                continue
            }
            guard let key = element["guid"],
                let name = element["name"]?.trimmingCharacters(in: .whitespacesAndNewlines),
                !name.isEmpty
            else {
                result.unmapped.append("a code without a GUID or name")
                continue
            }
            var colour = element["color"]
            if let c = colour, c.count == 4, c.hasPrefix("#") {
                colour = "#" + c.dropFirst().map { "\($0)\($0)" }.joined()
            }
            let description = element.first("Description")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
            result.codes.append(
                ProjectImport.Code(
                    key: key, name: String(name.prefix(200)),
                    description: description?.isEmpty == false ? description : nil,
                    colour: colour, parentKey: parent))
            codes(element.all("Code"), parent: key, into: &result, depth: depth + 1)
        }
    }

    /// A text source's or note's text: inline, or an `internal://` file of the archive.
    static func text(of element: Element, files: [String: Data], unmapped: inout [String]) -> String? {
        if let inline = element.first("PlainTextContent") { return inline.text }
        let name = element["name"] ?? element["guid"] ?? "a source"
        guard let path = element["plainTextPath"] else {
            unmapped.append("“\(name)”: no text (neither PlainTextContent nor plainTextPath)")
            return nil
        }
        guard path.hasPrefix("internal://") else {
            unmapped.append("“\(name)”: its text is outside the file (\(path))")
            return nil
        }
        let file = String(path.dropFirst("internal://".count))
        guard let data = files["sources/" + file] ?? files[file] else {
            unmapped.append("“\(name)”: the archive has no sources/\(file)")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .utf16) else {
            unmapped.append("“\(name)”: sources/\(file) is not UTF-8 text")
            return nil
        }
        return text
    }
}

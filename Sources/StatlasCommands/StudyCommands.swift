import ArgumentParser
import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage

/// `statlas study …`: research studies from the command line (the operator, who holds the database and its key).
struct StudyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study", abstract: "Work with confidential research studies.", subcommands: [ImportDocument.self])

    /// `statlas study import-document STUDY FILE --participant P`.
    struct ImportDocument: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-document",
            abstract:
                "Add a transcript or note (text, Markdown, WebVTT, SubRip, DOCX or ODT) to a study, for one participant; stored normalised and encrypted."
        )
        @Argument(help: "The study's id.") var study: String
        @Argument(help: "The file: .txt, .md, .vtt, .srt, .docx or .odt.") var file: String
        @Option(help: "The participant's pseudonym or id.") var participant: String
        @Option(help: "The document's title (default: the file's name).") var title: String?
        @Option(help: "The format, when the file's extension does not say: text, markdown, vtt, srt, docx, odt.")
        var format: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let format = format.map({ DocumentFormat(rawValue: $0) }) ?? DocumentReader.format(ofFile: file)
            else {
                throw ValidationError(
                    "Give --format (text, markdown, vtt, srt, docx or odt): the file's extension does not say.")
            }
            guard let data = FileManager.default.contents(atPath: file) else {
                throw ValidationError("Cannot read the file \(file).")
            }
            var document = StudyDocument()
            document.format = format
            document.title = title ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            do { document.text = try DocumentReader.text(data, format: format) } catch StatlasError.invalid(let errors)
            {
                throw ValidationError("\(file): " + errors.map(\.message).joined(separator: "; "))
            }
            let (added, pseudonym) = try await storage.with { service -> (StudyDocument, String) in
                let studies = service.services.studies
                guard try await studies.study(id: study) != nil else {
                    throw ValidationError("No study has the id \(study).")
                }
                let participants = try await studies.participants(of: study)
                guard let who = participants.first(where: { $0.pseudonym == participant || $0.id == participant })
                else {
                    throw ValidationError("The study has no participant \(participant).")
                }
                var given = document
                given.participantId = who.id
                let added = try await studies.addDocument(given, to: study)
                try await service.audit.append(
                    AuditEntry(
                        .study, actorId: nil, entity: .study, recordId: study,
                        detail: "added document \(added.id) from the command line"))
                return (added, who.pseudonym)
            }
            print(
                "Added \(added.title) (\(added.format.rawValue), \(added.length) characters) for \(pseudonym) to \(study) as document \(added.id)."
            )
        }
    }
}

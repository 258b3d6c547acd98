import ArgumentParser
import Foundation
import StatlasCore
import StatlasExchange
import StatlasStorage

/// A kind of the standard register, named by its collection (`datasets`).
extension EntityKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument) }
    public static var allValueStrings: [String] { EntityKind.allCases.map(\.rawValue) }
}

/// What `statlas import` reads: records of one kind, or a drawn network.
enum ImportSubject: ExpressibleByArgument, Equatable {
    case records(EntityKind)
    case network

    init?(argument: String) {
        if argument == "network" {
            self = .network
        } else if let kind = EntityKind(rawValue: argument) {
            self = .records(kind)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { EntityKind.allCases.map(\.rawValue) + ["network"] }
}
extension ImportFormat: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}

/// `statlas import KIND FILE [--format F]`: reads a file into the register, all or nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a file; all or nothing, and re-importing updates rather than duplicates.",
        discussion: """
            KIND is one of: \(EntityKind.allCases.map(\.rawValue).joined(separator: ", ")), or network.
            Formats (detected from the file when --format is not given):
              areas          code-list (ONS areacd,areanm), itl-lookup (ONS LAD→ITL lookup), hexjson, csv, json
              organisations  govuk (GOV.UK organisations CSV), csv, json
              datasets       json-stat (ONS Explore Local Statistics), ons-context (ONS DCAT context records),
                             ckan (CKAN package JSON), scot-csv (statistics.gov.scot list), csv, json
              others         csv, json (as written by 'statlas export')
              network        graphml, gexf: a network drawn in Kumu, Gephi or NetworkX; an organisation per node
                             (name from a name or label attribute, kind from a kind attribute) and a collaboration
                             per edge (kind from a kind attribute, else other)
            """
    )

    @Argument(help: "What the file holds.") var kind: ImportSubject
    @Argument(help: "The file to import.") var file: String
    @Option(help: "The file's format (see above).") var format: ImportFormat?
    @Option(name: .customLong("max-size"), help: "Refuse files larger than this many MiB.") var maxSize = 512
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let service = try await storage.open(logger: commandLogger())
        let what = if case .records(let kind) = kind { kind.collection } else { "network" }
        let bar = ProgressBar(label: "Importing \(what)")
        let importer = Importer(repository: service.records, maxBytes: maxSize << 20)
        do {
            let url = URL(fileURLWithPath: file)
            let summary =
                switch kind {
                case .records(let kind):
                    try await importer.run(kind, file: url, format: format) { done, total in bar.update(done, total) }
                case .network:
                    try await importer.runNetwork(file: url, format: format) { done, total in bar.update(done, total) }
                }
            bar.finish()
            await service.shutdown()
            for warning in summary.warnings.prefix(50) { printError("Note: \(warning)") }
            if summary.warnings.count > 50 { printError("Note: … and \(summary.warnings.count - 50) more notes") }
            print("Imported \(what) from \(file): \(summary.line).")
        } catch let error as ImportError {
            bar.finish()
            await service.shutdown()
            printError(error.description)
            throw ExitCode(65)  // EX_DATAERR
        } catch {
            bar.finish()
            await service.shutdown()
            throw error
        }
    }
}

/// `statlas export KIND --format csv|json [--output F]`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every record of a kind as Statlas CSV or JSON (which 'statlas import' reads back).")

    @Argument(help: "What to export: \(EntityKind.allCases.map(\.rawValue).joined(separator: ", ")).") var kind:
        EntityKind
    @Option(help: "csv or json.") var format: ExportFormat = .csv
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let service = try await storage.open(logger: commandLogger())
        let result: (data: Data, count: Int)
        do {
            result = try await Exporter(repository: service.records).export(kind, format: format)
            try await service.audit.append(
                AuditEntry(.export, actorId: nil, entity: kind, detail: "\(result.count) records as \(format.rawValue)")
            )
        } catch {
            await service.shutdown()
            throw error
        }
        await service.shutdown()
        if let output {
            try result.data.write(to: URL(fileURLWithPath: output), options: .atomic)
            printError("Exported \(result.count) \(kind.collection) to \(output).")
        } else {
            FileHandle.standardOutput.write(result.data)
        }
    }
}

/// Writes a line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// A progress bar on standard error, drawn only when it is a terminal.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast
    private var drawn = false

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        guard done == total || Date().timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = Date()
        drawn = true
        let line = Self.line(label: label, done: done, total: total, columns: Self.columns())
        // Back to the line's start, the new line, then the rest of the old one cleared: nothing stale remains.
        FileHandle.standardError.write(Data("\r\(line)\u{1B}[K".utf8))
    }

    /// The terminal's width in columns (standard error's, else `COLUMNS`, else 80).
    static func columns() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 80
    }

    /// The progress line fitted to `columns` (one less, so the cursor never wraps): the label, a bar as wide as
    /// what is left and the figures; on a narrow terminal the label goes first, then the bar.
    static func line(label: String, done: Int, total: Int, columns: Int) -> String {
        let figures = " \(100 * done / max(1, total))% (\(done)/\(total))"
        let room = max(0, columns - 1)
        func bar(_ width: Int) -> String {
            let filled = width * done / max(1, total)
            return String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled))
        }
        let withLabel = room - label.unicodeScalars.count - 1 - figures.unicodeScalars.count
        if withLabel >= 10 { return label + " " + bar(min(withLabel, 40)) + figures }
        let withoutLabel = room - figures.unicodeScalars.count
        if withoutLabel >= 10 { return bar(min(withoutLabel, 40)) + figures }
        return String(String.UnicodeScalarView(figures.dropFirst().unicodeScalars.prefix(room)))
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}

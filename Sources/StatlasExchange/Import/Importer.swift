import Foundation
import StatlasCore

/// The file formats `statlas import` reads.
public enum ImportFormat: String, CaseIterable, Sendable {
    case csv, json
    case codeList = "code-list"
    case itlLookup = "itl-lookup"
    case hexjson
    case govuk
    case jsonStat = "json-stat"
    case onsContext = "ons-context"
    case ckan
    case scotCSV = "scot-csv"
    case graphml, gexf
    /// Areas of Research Interest: department, question, theme, published, url.
    case ari = "ari-csv"

    /// The formats each kind accepts; Statlas CSV and JSON work for every kind.
    public static func allowed(for kind: EntityKind) -> [ImportFormat] {
        switch kind {
        case .area: [.codeList, .itlLookup, .hexjson, .csv, .json]
        case .organisation: [.govuk, .csv, .json]
        case .dataset: [.jsonStat, .onsContext, .ckan, .scotCSV, .csv, .json]
        case .researchQuestion: [.ari, .csv, .json]
        default: [.csv, .json]
        }
    }
}

/// Reads a file in any supported format and imports it all-or-nothing.
public struct Importer: Sendable {
    let repository: any RecordRepository
    /// Files larger than this are refused before they are read (STANDARDS.md S16).
    public var maxBytes: Int

    public init(repository: any RecordRepository, maxBytes: Int = 512 << 20) {
        self.repository = repository
        self.maxBytes = maxBytes
    }

    /// Imports the file; throws `ImportError` naming the file and each problem (nothing written), or
    /// returns what was created, updated and left unchanged.
    public func run(
        _ kind: EntityKind, file: URL, format: ImportFormat? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil
    )
        async throws -> ImportSummary
    {
        try await reading(file) { data in
            try await run(
                kind, data: data, format: format ?? Self.detect(kind, data, name: file.lastPathComponent),
                progress: progress)
        }
    }

    /// Imports a network drawn in another tool (GraphML or GEXF): an organisation per node, a collaboration
    /// per edge (see `NetworkImport`). The format is taken from the file name when not given.
    public func runNetwork(file: URL, format: ImportFormat? = nil, progress: (@Sendable (Int, Int) -> Void)? = nil)
        async throws -> ImportSummary
    {
        try await reading(file) { data in
            let chosen = format ?? (file.pathExtension.lowercased() == "gexf" ? .gexf : .graphml)
            guard chosen == .graphml || chosen == .gexf else {
                throw ImportError(problems: [
                    ImportProblem("the file", "\(chosen.rawValue) is not a format for networks; use graphml or gexf")
                ])
            }
            var plan = try NetworkImport.plan(DrawnNetwork.read(data, format: chosen))
            let total = plan.rows.count
            let report: (@Sendable (Int) -> Void)? = progress.map { callback in
                { @Sendable done in callback(done, total) }
            }
            var summary = try await repository.importRows(plan.rows, kind: .collaboration, progress: report)
            plan.warnings += summary.warnings
            summary.warnings = plan.warnings
            return summary
        }
    }

    /// Reads a file within the size limit and runs `body` on its bytes, naming the file in any `ImportError`.
    private func reading(_ file: URL, _ body: (Data) async throws -> ImportSummary) async throws -> ImportSummary {
        do {
            let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            guard size <= maxBytes else {
                throw ImportError(problems: [
                    ImportProblem("the file", "is \(size >> 20) MiB, over the import limit of \(maxBytes >> 20) MiB")
                ])
            }
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw ImportError(problems: [ImportProblem("the file", "cannot be read: \(error.localizedDescription)")]
                )
            }
            return try await body(data)
        } catch var error as ImportError {
            error.file = file.lastPathComponent
            throw error
        }
    }

    /// Imports data already in memory.
    public func run(
        _ kind: EntityKind, data: Data, format: ImportFormat, progress: (@Sendable (Int, Int) -> Void)? = nil
    )
        async throws -> ImportSummary
    {
        guard ImportFormat.allowed(for: kind).contains(format) else {
            throw ImportError(problems: [
                ImportProblem(
                    "the file",
                    "\(format.rawValue) is not a format for \(kind.collection); use one of \(ImportFormat.allowed(for: kind).map(\.rawValue).joined(separator: ", "))"
                )
            ])
        }
        var plan = try await self.plan(kind, data: data, format: format)
        let total = plan.rows.count
        let report: (@Sendable (Int) -> Void)? = progress.map { callback in { @Sendable done in callback(done, total) }
        }
        var summary = try await repository.importRows(plan.rows, kind: kind, progress: report)
        plan.warnings += summary.warnings
        summary.warnings = plan.warnings
        return summary
    }

    /// The rows a file describes, with references the source cannot satisfy left out (and warned about).
    public func plan(_ kind: EntityKind, data: Data, format: ImportFormat) async throws -> ImportPlan {
        switch format {
        case .csv: return ImportPlan(rows: try RecordTable.rows(csv: data, type: try type(kind)))
        case .json: return ImportPlan(rows: try RecordTable.rows(json: data, type: try type(kind)))
        case .codeList: return try await pruned(GeographyFormats.codeList(CSVTable.parse(data)), ["parentCodes"], .area)
        case .itlLookup: return try GeographyFormats.itlLookup(CSVTable.parse(data))
        case .hexjson: return try GeographyFormats.hexjson(data)
        case .govuk:
            return try await pruned(
                GovUKOrganisations.plan(CSVTable.parse(data)), ["parentIds", "supersededByIds"], .organisation)
        case .graphml, .gexf:
            throw ImportError(problems: [
                ImportProblem("the file", "networks are imported with 'statlas import network FILE'")
            ])
        case .jsonStat, .onsContext, .ckan, .scotCSV, .ari:
            let index = try await RegisterIndex.load(repository)
            var plan: ImportPlan
            switch format {
            case .ari: plan = try ResearchQuestionsCSV.plan(CSVTable.parse(data), index: index)
            case .jsonStat: plan = try JSONStatDatasets.plan(data, index: index)
            case .onsContext: plan = try ONSContextDatasets.plan(data, index: index)
            case .ckan: plan = try CKANDatasets.plan(data, index: index)
            default: plan = try ScotlandCatalogue.plan(CSVTable.parse(data), index: index)
            }
            plan.rows = index.created + plan.rows
            plan.warnings = index.warnings + plan.warnings
            return plan
        }
    }

    /// Drops references (in the named list fields) to records that are neither in the file nor in the
    /// register: reference files such as GOV.UK's name a few bodies they do not list.
    func pruned(_ plan: ImportPlan, _ fields: [String], _ target: EntityKind) async throws -> ImportPlan {
        var plan = plan
        let inFile = Set(plan.rows.filter { $0.kind == target }.map(\.id))
        var referenced = Set<String>()
        for row in plan.rows {
            for field in fields {
                if case .array(let ids)? = row.fields[field] { referenced.formUnion(ids.compactMap(\.stringValue)) }
            }
        }
        let outside = Array(referenced.subtracting(inFile))
        var known = Set<String>()
        for start in stride(from: 0, to: outside.count, by: 500) {
            let ids = Array(outside[start..<min(start + 500, outside.count)])
            known.formUnion(try await Self.ids(target, ids, repository))
        }
        for i in plan.rows.indices {
            for field in fields {
                guard case .array(let ids)? = plan.rows[i].fields[field] else { continue }
                let missing = ids.compactMap(\.stringValue).filter { !inFile.contains($0) && !known.contains($0) }
                guard !missing.isEmpty else { continue }
                plan.rows[i].fields[field] = .array(ids.filter { !missing.contains($0.stringValue ?? "") })
                plan.warnings.append(
                    "\(plan.rows[i].location) (\(plan.rows[i].id)): left out \(field) \(missing.joined(separator: ", ")): not in the file or the register"
                )
            }
        }
        return plan
    }

    static func ids(_ kind: EntityKind, _ ids: [String], _ repository: any RecordRepository) async throws -> [String] {
        func fetch<R: Record>(_ type: R.Type) async throws -> [String] {
            try await repository.get(type, ids: ids).map(\.id)
        }
        guard let type = repository.kinds.type(for: kind) else { return [] }
        return try await fetch(type)
    }

    /// The type of a kind the register holds; another kind is a problem with the request.
    func type(_ kind: EntityKind) throws -> any Record.Type {
        guard let type = repository.kinds.type(for: kind) else {
            throw ImportError(problems: [ImportProblem("the file", "this register holds no \(kind.collection)")])
        }
        return type
    }

    /// Works out a file's format from its content when `--format` is not given.
    public static func detect(_ kind: EntityKind, _ data: Data, name: String) -> ImportFormat {
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.first == "{" || trimmed.first == "[" {
            if kind == .area, head.contains("\"hexes\"") || name.hasSuffix(".hexjson") { return .hexjson }
            if kind == .dataset {
                if head.contains("\"class\"") && (head.contains("\"collection\"") || head.contains("\"dataset\"")) {
                    return .jsonStat
                }
                if head.contains("\"@context\"") || head.contains("\"@reverse\"") || head.contains("\"files\"") {
                    return .onsContext
                }
                if head.contains("\"license_id\"") || head.contains("\"geographic_coverage\"")
                    || head.contains("\"result\"")
                {
                    return .ckan
                }
            }
            return .json
        }
        let header = String(trimmed.prefix { $0 != "\n" && $0 != "\r" }).lowercased()
        let columns = Set(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        switch kind {
        case .area where columns.contains("areacd"): return .codeList
        case .area where columns.contains { $0.hasPrefix("lad") && $0.hasSuffix("cd") }: return .itlLookup
        case .organisation where columns.contains("slug") && columns.contains("govuk_status"): return .govuk
        case .dataset where columns.isSuperset(of: ["url", "title", "organization"]): return .scotCSV
        case .researchQuestion where columns.isSuperset(of: ["department", "question"]): return .ari
        default: return .csv
        }
    }
}

extension JSONValue {
    /// The text of a string value.
    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
}

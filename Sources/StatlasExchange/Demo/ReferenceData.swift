import Foundation
import StatlasCore

/// The real reference files the demo loads beside its hand-written records: ONS geography, the hex
/// map, GOV.UK organisations and the ONS Explore Local Statistics indicators. Records match the demo's
/// by id (GSS code, GOV.UK slug), so the demo's organisations and areas gain their real details and links.
public enum ReferenceData {
    /// The files in load order: kind, path inside the reference directory, format.
    public static let files: [(kind: EntityKind, path: String, format: ImportFormat)] = [
        (.area, "lad25-itl325-itl225-itl125-uk-lookup.csv", .itlLookup),
        (.area, "ons-geo-lists/rgn22.csv", .codeList),
        (.area, "ons-geo-lists/cauth25.csv", .codeList),
        (.area, "ons-geo-lists/cty23.csv", .codeList),
        (.area, "uk-local-authority-districts-2023.hexjson", .hexjson),
        (.organisation, "govuk-organisations.csv", .govuk),
        (.dataset, "els-json-stat-metadata.json", .jsonStat),
    ]

    /// The directory used when none is given: `../shared/data` if it exists.
    public static func defaultDirectory() -> String? {
        let candidate = "../shared/data"
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue
            ? candidate : nil
    }

    /// Imports each file that is present; returns one line per file (what it did, or that it was missing).
    public static func load(from directory: String, into repository: any RecordRepository) async throws -> [String] {
        let importer = Importer(repository: repository)
        var lines: [String] = []
        for file in files {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(file.path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                lines.append("\(file.path): not found, skipped")
                continue
            }
            let summary = try await importer.run(file.kind, file: url, format: file.format)
            lines.append("\(file.path): \(summary.line)")
        }
        return lines
    }
}

import Foundation
import StatlasCore

/// schema.org JSON-LD for a page head. The JSON is escaped so that it cannot end the script element
/// (`<`, `>` and `&` become `\u003c`…), which is what makes it safe to insert unescaped.
enum JSONLD {
    static func dataset(_ dataset: Dataset) -> String {
        var object: [String: JSONValue] = [
            "@context": .string("https://schema.org"), "@type": .string("Dataset"), "name": .string(dataset.title),
            "identifier": .string(dataset.id), "url": .string(RecordPaths.path(.dataset, dataset.id)),
        ]
        if let summary = dataset.summary { object["description"] = .string(summary) }
        if !dataset.keywords.isEmpty { object["keywords"] = .array(dataset.keywords.map(JSONValue.string)) }
        if let licence = dataset.licence { object["license"] = .string(licence) }
        if let url = dataset.url, SafeURL.isWebAddress(url) { object["sameAs"] = .string(url) }
        if let start = dataset.temporalStart {
            object["temporalCoverage"] = .string(start + "/" + (dataset.temporalEnd ?? ".."))
        }
        let covered = dataset.coverage.filter(\.covered).map(\.nation.label)
        if !covered.isEmpty {
            object["spatialCoverage"] = .array(
                covered.map { .object(["@type": .string("Place"), "name": .string($0)]) })
        }
        if !dataset.producerIds.isEmpty {
            object["creator"] = .array(
                dataset.producerIds.map {
                    .object(["@type": .string("Organization"), "@id": .string(RecordPaths.path(.organisation, $0))])
                })
        }
        if let publisher = dataset.publisherId {
            object["publisher"] = .object([
                "@type": .string("Organization"), "@id": .string(RecordPaths.path(.organisation, publisher)),
            ])
        }
        if let email = dataset.contactEmail {
            object["contactPoint"] = .object(["@type": .string("ContactPoint"), "email": .string(email)])
        }
        return safe(.object(object))
    }

    static func safe(_ value: JSONValue) -> String {
        guard let data = try? RecordCodec.encoder().encode(value) else { return "{}" }
        return TextEscaping.scriptJSON(String(decoding: data, as: UTF8.self))
    }
}

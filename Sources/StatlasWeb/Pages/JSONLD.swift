import Foundation
import StatlasCore
import StatlasExchange

/// schema.org JSON-LD for a page head. The JSON is escaped so that it cannot end the script element
/// (`<`, `>` and `&` become `\u003c`…), which is what makes it safe to insert unescaped.
enum JSONLD {
    /// A dataset as schema.org `Dataset`: absolute addresses, named producers (`creator`) and publisher, places
    /// with their GSS codes, the licence as a URL, and distributions for its web page and its JSON record.
    static func dataset(_ dataset: Dataset, origin: String, organisationNames: [String: String]) -> String {
        let page = origin + RecordPaths.path(.dataset, dataset.id)
        var object: [String: JSONValue] = [
            "@context": "https://schema.org", "@type": "Dataset", "@id": .string(page), "name": .string(dataset.title),
            "identifier": .string(dataset.id), "url": .string(page),
            "description": .string(dataset.summary ?? dataset.title), "isAccessibleForFree": true,
        ]
        if !dataset.keywords.isEmpty { object["keywords"] = .array(dataset.keywords.map(JSONValue.string)) }
        if let licence = dataset.licence.flatMap(Licence.named), SafeURL.isWebAddress(licence.url) {
            object["license"] = .string(licence.url)
        }
        if let url = dataset.url, SafeURL.isWebAddress(url) { object["sameAs"] = .string(url) }
        if let start = dataset.temporalStart {
            object["temporalCoverage"] = .string(start + "/" + (dataset.temporalEnd ?? ".."))
        }
        let covered = dataset.coverage.filter(\.covered).map(\.nation)
        if !covered.isEmpty {
            object["spatialCoverage"] = .array(
                covered.map { nation in
                    [
                        "@type": "Place", "name": .string(nation.label), "identifier": .string(nation.countryCode),
                        "sameAs": .string(DCATCatalogue.placeIRI(nation.countryCode)),
                    ]
                })
        }
        func organisation(_ id: String) -> JSONValue {
            [
                "@type": "Organization", "@id": .string(origin + RecordPaths.path(.organisation, id)),
                "url": .string(origin + RecordPaths.path(.organisation, id)),
                "name": .string(organisationNames[id] ?? id),
            ]
        }
        if !dataset.producerIds.isEmpty { object["creator"] = .array(dataset.producerIds.map(organisation)) }
        if let publisher = dataset.publisherId ?? dataset.producerIds.first {
            object["publisher"] = organisation(publisher)
        }
        if let email = dataset.contactEmail {
            object["contactPoint"] = ["@type": "ContactPoint", "email": .string(email)]
        }
        var distributions: [JSONValue] = []
        if let url = dataset.url, SafeURL.isWebAddress(url) {
            distributions.append(["@type": "DataDownload", "contentUrl": .string(url), "encodingFormat": "text/html"])
        }
        distributions.append([
            "@type": "DataDownload", "contentUrl": .string("\(origin)/api/v1/datasets/\(dataset.id)"),
            "encodingFormat": "application/json",
        ])
        object["distribution"] = .array(distributions)
        return safe(.object(object))
    }

    static func safe(_ value: JSONValue) -> String {
        guard let data = try? RecordCodec.encoder().encode(value) else { return "{}" }
        return TextEscaping.scriptJSON(String(decoding: data, as: UTF8.self))
    }
}

import Foundation
import StatlasCore

/// The register's datasets as a DCAT-AP 3 catalogue, with the ONS application profile's fields: spatial coverage
/// as GSS country codes (`dct:spatial`, statistics.data.gov.uk's geography IRIs), spatial resolution as GSS entity
/// prefixes (`ons:spatialResolution`), temporal coverage (`dct:temporal`), frequency (`dct:accrualPeriodicity`,
/// the EU frequency vocabulary); publisher and creators as named agents, a contact point, the licence as a URI,
/// themes as concepts of the register's theme scheme, keywords, and a distribution for the landing page. Every
/// node a dataset refers to is typed and named, as the DCAT-AP range shapes ask.
public struct DCATCatalogue: Sendable {
    public var origin: String

    public init(origin: String) { self.origin = origin }

    public var catalogIRI: String { "\(origin)/catalog" }
    var schemeIRI: String { "\(origin)/themes" }
    var publisherIRI: String { "\(origin)/#register" }
    func organisationIRI(_ id: String) -> String { "\(origin)/organisations/\(id)" }
    func themeIRI(_ id: String) -> String { "\(origin)/themes/\(id)" }
    func datasetIRI(_ id: String) -> String { "\(origin)/datasets/\(id)" }
    public static func placeIRI(_ code: String) -> String {
        "http://statistics.data.gov.uk/id/statistical-geography/\(code)"
    }
    static func frequencyIRI(_ code: String) -> String {
        "http://publications.europa.eu/resource/authority/frequency/\(code)"
    }
    static let htmlFormat = "http://publications.europa.eu/resource/authority/file-type/HTML"

    /// The EU frequency vocabulary's code for each release frequency.
    static func frequencyCode(_ frequency: Frequency) -> String {
        switch frequency {
        case .weekly: "WEEKLY"
        case .monthly: "MONTHLY"
        case .quarterly: "QUARTERLY"
        case .annual: "ANNUAL"
        case .biennial: "BIENNIAL"
        case .adHoc: "IRREG"
        case .oneOff: "NEVER"
        case .other: "OTHER"
        }
    }

    /// A period written `2011`, `2021-04` or `2011-04-01` as its XML Schema literal; nil for anything else.
    static func period(_ text: String) -> RDFTerm? {
        let parts = text.split(separator: "-")
        guard (1...3).contains(parts.count),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            parts[0].count == 4
        else { return nil }
        switch parts.count {
        case 1: return .typed(text, datatype: "xsd:gYear")
        case 2 where parts[1].count == 2: return .typed(text, datatype: "xsd:gYearMonth")
        case 3 where CalendarDate(text) != nil: return .typed(text, datatype: "xsd:date")
        default: return nil
        }
    }

    /// The catalogue itself: title, description, publisher, home page, theme scheme, when it last changed.
    public func catalog(modified: Date?) -> [RDFNode] {
        var properties: [RDFProperty] = [
            RDFProperty("dct:title", .english("Statlas: datasets of the UK statistical system")),
            RDFProperty(
                "dct:description",
                .english(
                    "Statistics produced across the UK statistical system, who produces them, for which places and at what level, as recorded in the Statlas register."
                )),
            RDFProperty("dct:publisher", .iri(publisherIRI)), RDFProperty("foaf:homepage", .iri(origin + "/")),
            RDFProperty("dcat:themeTaxonomy", .iri(schemeIRI)),
        ]
        if let modified {
            properties.append(RDFProperty("dct:modified", .typed(Timestamp.string(modified), datatype: "xsd:dateTime")))
        }
        return [
            RDFNode(catalogIRI, types: ["dcat:Catalog"], properties),
            RDFNode(publisherIRI, types: ["foaf:Agent"], [RDFProperty("foaf:name", .english("Statlas register"))]),
            RDFNode(origin + "/", types: ["foaf:Document"]),
            RDFNode(schemeIRI, types: ["skos:ConceptScheme"], [RDFProperty("dct:title", .english("Statlas themes"))]),
        ]
    }

    /// A dataset, its distribution and landing page, and the catalogue's link to it.
    public func dataset(_ dataset: Dataset, organisationNames: [String: String]) -> [RDFNode] {
        let iri = datasetIRI(dataset.id)
        let landing = dataset.url ?? iri
        let description = dataset.summary?.trimmedWhitespace().isEmpty == false ? dataset.summary! : dataset.title
        var properties: [RDFProperty] = [
            RDFProperty("dct:identifier", .plain(dataset.id)), RDFProperty("dct:title", .english(dataset.title)),
            RDFProperty("dct:description", .english(description)),
            RDFProperty("dcat:landingPage", .iri(landing)),
        ]
        if let publisher = dataset.publisherId ?? dataset.producerIds.first {
            properties.append(RDFProperty("dct:publisher", .iri(organisationIRI(publisher))))
        }
        properties += dataset.producerIds.map { RDFProperty("dct:creator", .iri(organisationIRI($0))) }
        properties += dataset.keywords.map { RDFProperty("dcat:keyword", .english($0)) }
        properties += dataset.themeIds.map { RDFProperty("dcat:theme", .iri(themeIRI($0))) }
        let covered = dataset.coverage.filter(\.covered)
        properties += covered.map { RDFProperty("dct:spatial", .iri(Self.placeIRI($0.nation.countryCode))) }
        var prefixes: [String] = []
        for entry in covered {
            guard let level = entry.finestLevel else { continue }
            for prefix in AreaCode.entityPrefixes(level, in: entry.nation) where !prefixes.contains(prefix) {
                prefixes.append(prefix)
            }
        }
        properties += prefixes.map { RDFProperty("ons:spatialResolution", .plain($0)) }
        let start = dataset.temporalStart.flatMap(Self.period)
        let end = dataset.temporalEnd.flatMap(Self.period)
        if start != nil || end != nil {
            properties.append(
                RDFProperty(
                    "dct:temporal",
                    .blank(
                        types: ["dct:PeriodOfTime"],
                        properties: (start.map { [RDFProperty("dcat:startDate", $0)] } ?? [])
                            + (end.map { [RDFProperty("dcat:endDate", $0)] } ?? []))))
        }
        if let frequency = dataset.frequency {
            properties.append(
                RDFProperty("dct:accrualPeriodicity", .iri(Self.frequencyIRI(Self.frequencyCode(frequency)))))
        }
        properties.append(RDFProperty("dcat:contactPoint", contact(dataset, organisationNames: organisationNames)))
        if let created = dataset.createdAt {
            properties.append(RDFProperty("dct:issued", .typed(Timestamp.string(created), datatype: "xsd:dateTime")))
        }
        if let modified = dataset.updatedAt {
            properties.append(RDFProperty("dct:modified", .typed(Timestamp.string(modified), datatype: "xsd:dateTime")))
        }
        let distributionIRI = iri + "#landing-page"
        properties.append(RDFProperty("dcat:distribution", .iri(distributionIRI)))
        var distribution: [RDFProperty] = [
            RDFProperty("dct:title", .english("Web page: \(dataset.title)")),
            RDFProperty("dcat:accessURL", .iri(landing)),
            RDFProperty("dct:format", .iri(Self.htmlFormat)),
        ]
        if let licence = dataset.licence.flatMap(Licence.named) {
            distribution.append(RDFProperty("dct:license", .iri(licence.url)))
        }
        return [
            RDFNode(iri, types: ["dcat:Dataset"], properties),
            RDFNode(distributionIRI, types: ["dcat:Distribution"], distribution),
            RDFNode(landing, types: ["foaf:Document"]),
            RDFNode(catalogIRI, types: [], [RDFProperty("dcat:dataset", .iri(iri))]),
        ]
    }

    /// Whom to ask: the dataset's contact address, with its first producer's name and page.
    func contact(_ dataset: Dataset, organisationNames: [String: String]) -> RDFTerm {
        let producer = dataset.producerIds.first
        var properties = [
            RDFProperty("vcard:fn", .plain(producer.flatMap { organisationNames[$0] } ?? "Statlas register"))
        ]
        if let email = dataset.contactEmail {
            properties.append(RDFProperty("vcard:hasEmail", .iri("mailto:" + email)))
        }
        properties.append(RDFProperty("vcard:hasURL", .iri(producer.map(organisationIRI) ?? origin + "/")))
        return .blank(types: ["vcard:Kind", "vcard:Organization"], properties: properties)
    }

    /// The agents, themes, places and frequencies the datasets refer to, each typed and named once.
    public func referenced(
        organisations: [String: String], themes: [String: String], nations: Set<Nation>, frequencies: Set<Frequency>,
        licences: Set<Licence>
    ) -> [RDFNode] {
        var nodes = organisations.sorted { $0.key < $1.key }.map {
            RDFNode(organisationIRI($0.key), types: ["foaf:Agent"], [RDFProperty("foaf:name", .english($0.value))])
        }
        nodes += themes.sorted { $0.key < $1.key }.map {
            RDFNode(
                themeIRI($0.key), types: ["skos:Concept"],
                [RDFProperty("skos:prefLabel", .english($0.value)), RDFProperty("skos:inScheme", .iri(schemeIRI))])
        }
        nodes += nations.sorted().map {
            RDFNode(
                Self.placeIRI($0.countryCode), types: ["dct:Location"], [RDFProperty("rdfs:label", .english($0.label))])
        }
        nodes += frequencies.sorted { $0.rawValue < $1.rawValue }.map {
            RDFNode(
                Self.frequencyIRI(Self.frequencyCode($0)), types: ["dct:Frequency"],
                [RDFProperty("rdfs:label", .english($0.label))])
        }
        nodes += licences.sorted { $0.url < $1.url }.map {
            RDFNode($0.url, types: ["dct:LicenseDocument"], [RDFProperty("rdfs:label", .english($0.title))])
        }
        nodes.append(
            RDFNode(Self.htmlFormat, types: ["dct:MediaTypeOrExtent"], [RDFProperty("rdfs:label", .plain("HTML"))]))
        return nodes
    }
}

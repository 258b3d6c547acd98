import Foundation
import StatlasCore

/// The register as CKAN's action API shows a catalogue, so that CKAN clients (`ckanapi`, data.gov.uk-style
/// harvesters, notebooks) read it unchanged: a dataset is a package, its first producer the package's
/// organization (every producer matches `organization:`), its themes groups, its keywords tags, and its web page
/// and Statlas record resources. Names are the register's ids, which are CKAN-valid slugs.
public struct CKANCatalogue: Sendable {
    /// The site's origin (`https://statlas.example`), for absolute links.
    public var origin: String
    /// Organisations and themes by id, for the packages' organization and groups (those the packages name).
    public var organisations: [String: Organisation]
    public var themes: [String: Theme]

    public init(origin: String, organisations: [String: Organisation] = [:], themes: [String: Theme] = [:]) {
        self.origin = origin
        self.organisations = organisations
        self.themes = themes
    }

    /// CKAN's timestamps: UTC without a zone, to the microsecond (`2024-05-01T10:20:30.000000`).
    public static func timestamp(_ date: Date?) -> JSONValue {
        guard let date else { return .null }
        return .string(String(Timestamp.string(date).dropLast()) + ".000000")
    }

    /// A dataset as a CKAN package.
    public func package(_ dataset: Dataset) -> JSONValue {
        let licence = dataset.licence.flatMap(Licence.named)
        let page = "\(origin)/datasets/\(dataset.id)"
        var resources: [JSONValue] = []
        if let url = dataset.url {
            resources.append(
                resource(dataset, "web-page", name: "Web page", url: url, format: "HTML", type: "text/html"))
        }
        resources.append(
            resource(
                dataset, "statlas-json", name: "Statlas record (JSON)", url: "\(origin)/api/v1/datasets/\(dataset.id)",
                format: "JSON", type: "application/json"))
        resources = resources.enumerated().map { index, value in
            guard case .object(var fields) = value else { return value }
            fields["position"] = .number(Double(index))
            return .object(fields)
        }
        // Tags as the keyword filter stores and matches them (lower case), so that `fq=tags:` finds each one.
        var seen = Set<String>()
        let tags: [JSONValue] = dataset.keywords.map { $0.lowercased() }.filter { seen.insert($0).inserted }.map(tag)
        let owner = dataset.producerIds.first
        let covered = dataset.coverage.filter(\.covered)
        var extras: [(String, String)] = [("statlas_url", page)]
        if let frequency = dataset.frequency { extras.append(("frequency", frequency.rawValue)) }
        if let designation = dataset.designation { extras.append(("designation", designation.rawValue)) }
        if let start = dataset.temporalStart { extras.append(("temporal_start", start)) }
        if let end = dataset.temporalEnd { extras.append(("temporal_end", end)) }
        if !covered.isEmpty {
            extras.append(("spatial_coverage", covered.map(\.nation.countryCode).joined(separator: ",")))
            extras.append(
                (
                    "spatial_resolution",
                    covered.compactMap { entry in entry.finestLevel.map { "\(entry.nation.rawValue):\($0.rawValue)" } }
                        .joined(separator: ",")
                ))
        }
        return [
            "id": .string(dataset.id), "name": .string(dataset.id), "title": .string(dataset.title),
            "notes": .optional(dataset.summary), "url": .optional(dataset.url), "type": "dataset", "state": "active",
            "private": false, "version": .null,
            "author": .optional(owner.flatMap { organisations[$0]?.name }), "author_email": .null,
            "maintainer": .null, "maintainer_email": .optional(dataset.contactEmail),
            "license_id": .optional(licence?.id ?? dataset.licence), "license_title": .optional(licence?.title),
            "license_url": .optional(licence?.url),
            "metadata_created": Self.timestamp(dataset.createdAt),
            "metadata_modified": Self.timestamp(dataset.updatedAt),
            "owner_org": .optional(owner),
            "organization": owner.map { organization($0, packageCount: nil) } ?? .null,
            "groups": .array(dataset.themeIds.map { group($0, packageCount: nil) }),
            "tags": .array(tags), "num_tags": .number(Double(tags.count)),
            "resources": .array(resources), "num_resources": .number(Double(resources.count)),
            "extras": .array(extras.map { ["key": .string($0.0), "value": .string($0.1)] }),
        ]
    }

    func resource(_ dataset: Dataset, _ suffix: String, name: String, url: String, format: String, type: String)
        -> JSONValue
    {
        [
            "id": .string("\(dataset.id)-\(suffix)"), "package_id": .string(dataset.id), "name": .string(name),
            "url": .string(url), "format": .string(format), "mimetype": .string(type), "description": "",
            "state": "active", "url_type": .null, "created": Self.timestamp(dataset.createdAt),
            "last_modified": Self.timestamp(dataset.updatedAt),
        ]
    }

    /// A keyword as a CKAN tag (free tags: no vocabulary).
    public func tag(_ name: String) -> JSONValue {
        [
            "id": .string(name), "name": .string(name), "display_name": .string(name), "state": "active",
            "vocabulary_id": .null,
        ]
    }

    /// An organisation as a CKAN organization (by id, with its name when known).
    public func organization(_ id: String, packageCount: Int?) -> JSONValue {
        let organisation = organisations[id]
        var fields: [String: JSONValue] = [
            "id": .string(id), "name": .string(id), "title": .string(organisation?.name ?? id),
            "display_name": .string(organisation?.name ?? id), "description": .optional(organisation?.description),
            "type": "organization", "is_organization": true, "state": "active", "approval_status": "approved",
            "image_url": "", "image_display_url": "", "created": Self.timestamp(organisation?.createdAt),
            "statlas_url": .string("\(origin)/organisations/\(id)"),
        ]
        if let packageCount { fields["package_count"] = .number(Double(packageCount)) }
        return .object(fields)
    }

    /// A theme as a CKAN group.
    public func group(_ id: String, packageCount: Int?) -> JSONValue {
        let theme = themes[id]
        var fields: [String: JSONValue] = [
            "id": .string(id), "name": .string(id), "title": .string(theme?.name ?? id),
            "display_name": .string(theme?.name ?? id), "description": .optional(theme?.description),
            "type": "group", "is_organization": false, "state": "active", "approval_status": "approved",
            "image_url": "", "image_display_url": "", "created": Self.timestamp(theme?.createdAt),
            "statlas_url": .string("\(origin)/themes/\(id)"),
        ]
        if let packageCount { fields["package_count"] = .number(Double(packageCount)) }
        return .object(fields)
    }
}

/// What CKAN's `fq` says, as Statlas's dataset filters: `organization:`, `groups:` and `tags:` clauses (values
/// bare or quoted, joined by spaces, `AND` or `+`); `dataset_type:dataset` and `capacity:public` hold for every
/// package and are accepted.
public enum CKANFilterQuery {
    /// The dataset list filter each CKAN field stands for.
    public static let fields = ["organization": "producer", "groups": "theme", "tags": "keyword"]

    /// The filters, or a message saying which clause cannot be read.
    public static func filters(_ fq: String) -> Result<[String: String], CKANQueryError> {
        var filters: [String: String] = [:]
        var rest = Substring(fq)
        while true {
            rest = rest.drop { $0 == " " || $0 == "+" || $0 == "\t" }
            if rest.isEmpty { break }
            if rest.hasPrefix("AND ") {
                rest = rest.dropFirst(4)
                continue
            }
            guard let colon = rest.firstIndex(of: ":") else {
                return .failure(CKANQueryError("Cannot read “\(rest.prefix(40))”: write field:value"))
            }
            let field = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
            var value: String
            if rest.first == "\"" {
                rest = rest.dropFirst()
                guard let close = rest.firstIndex(of: "\"") else {
                    return .failure(CKANQueryError("The quoted value of \(field) has no closing quote"))
                }
                value = String(rest[..<close])
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
                value = String(rest[..<end])
                rest = rest[end...]
            }
            if (field == "dataset_type" && value == "dataset") || (field == "capacity" && value == "public") {
                continue
            }
            guard let name = fields[field] else {
                let known = fields.keys.sorted().joined(separator: ", ")
                return .failure(CKANQueryError("fq cannot filter on \(field): use \(known)"))
            }
            if let earlier = filters[name], earlier != value {
                return .failure(CKANQueryError("fq gives \(field) twice: Statlas filters on one value of each field"))
            }
            value = value.trimmingCharacters(in: .whitespaces)
            filters[name] = name == "keyword" ? value.lowercased() : value
        }
        return .success(filters)
    }
}

/// A CKAN request that cannot be answered as asked (`success: false`, a validation or search error).
public struct CKANQueryError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

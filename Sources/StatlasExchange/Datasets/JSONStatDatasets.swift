import Foundation
import StatlasCore

/// A JSON-stat 2.0 collection of dataset metadata, as ONS Explore Local Statistics publishes it.
///
/// Each item becomes a dataset: id from `extension.slug`, producers from `extension.source` (or
/// `source`), theme from the topic, temporal coverage from `extension.periodDomain`, and per-nation
/// coverage and finest level from the area codes in the `areacd` (geo role) dimension.
enum JSONStatDatasets {
    struct Item: Decodable {
        struct Extension: Decodable {
            struct Source: Decodable {
                let name: String
                let href: String?
            }
            let slug: String?
            let topic: String?
            let subTopic: String?
            let description: String?
            let source: [Source]?
            let frequency: String?
            let periodDomain: [String]?
            let experimentalStatistic: Bool?
        }
        struct Dimension: Decodable {
            struct Category: Decodable {
                let index: CategoryIndex?
            }
            let category: Category?
        }
        struct Role: Decodable {
            let geo: [String]?
        }
        let `class`: String?
        let label: String?
        let source: String?
        let note: [String]?
        let `extension`: Extension?
        let dimension: [String: Dimension]?
        let role: Role?
    }

    /// JSON-stat category indexes are either an array of ids or an object of id → position.
    enum CategoryIndex: Decodable {
        case ids([String])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let array = try? c.decode([String].self) {
                self = .ids(array)
            } else {
                let object = try c.decode([String: Int].self)
                self = .ids(object.sorted { $0.value < $1.value }.map(\.key))
            }
        }
        var ids: [String] { if case .ids(let ids) = self { return ids } else { return [] } }
    }

    struct Collection: Decodable {
        struct Link: Decodable {
            let item: [Item]
        }
        let `class`: String?
        let link: Link?
    }

    static func plan(_ data: Data, index: RegisterIndex) throws -> ImportPlan {
        let collection = try JSONInput.decode(Collection.self, data, what: "a JSON-stat collection")
        let items: [Item]
        if collection.class == "collection", let link = collection.link {
            items = link.item
        } else if collection.class == "dataset" {
            items = [try JSONInput.decode(Item.self, data, what: "a JSON-stat dataset")]
        } else {
            throw ImportError(problems: [
                ImportProblem("the file", field: "class", "must be \"collection\" (with link.item) or \"dataset\"")
            ])
        }
        var plan = ImportPlan()
        var problems: [ImportProblem] = []
        var rows: [(id: String, label: String, fields: [String: JSONValue], location: String)] = []
        for (i, item) in items.enumerated() {
            guard item.class == nil || item.class == "dataset" else { continue }
            let label = item.label ?? ""
            let id = item.extension?.slug ?? Slug.make(label)
            let location = "item \(i + 1) (\(id.isEmpty ? "no slug" : id))"
            guard !id.isEmpty else {
                problems.append(
                    ImportProblem(
                        location, field: "extension.slug", "is missing and there is no label to make one from"))
                continue
            }
            var fields: [String: JSONValue] = ["title": .string(label)]
            fields["summary"] = Field.text(item.extension?.description ?? item.note?.joined(separator: "\n\n"))
            let sourceNames = item.extension?.source?.map(\.name) ?? (item.source.map { [$0] } ?? [])
            var producers: [String] = []
            for name in sourceNames where !name.isEmpty {
                let producer = index.organisation(named: name, at: location)
                if !producers.contains(producer) { producers.append(producer) }
            }
            fields["producerIds"] = Field.list(producers)
            let topics = [item.extension?.subTopic, item.extension?.topic].compactMap { $0 }
            if let theme = topics.lazy.compactMap(ThemeMap.theme(for:)).first {
                fields["themeIds"] = Field.list([index.theme(theme, at: location)])
            }
            fields["keywords"] = Field.list(Array(Set(topics)).sorted())
            fields["frequency"] = DatasetFields.frequency(item.extension?.frequency).map(JSONValue.string)
            if let domain = item.extension?.periodDomain, let first = domain.first.flatMap(DatasetFields.period),
                let last = domain.last.flatMap(DatasetFields.period)
            {
                fields["temporalStart"] = .string(first.start)
                fields["temporalEnd"] = .string(last.end)
            }
            fields["url"] = Field.webAddress(item.extension?.source?.first?.href).map(JSONValue.string)
            if item.extension?.experimentalStatistic == true {
                fields["designation"] = .string(Designation.officialStatisticsInDevelopment.rawValue)
            }
            let geo = item.role?.geo?.first ?? "areacd"
            guard let codes = item.dimension?[geo]?.category?.index?.ids, !codes.isEmpty else {
                problems.append(
                    ImportProblem(
                        location, field: "dimension.\(geo)", "lists no area codes, so its coverage cannot be worked out"
                    ))
                continue
            }
            fields["coverage"] = DatasetFields.coverage(NationCoverage.derive(fromCodes: codes))
            rows.append((id, label, fields, location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        let equivalents = Self.equivalents(rows.map { ($0.id, $0.label) })
        for row in rows {
            var fields = row.fields
            if let others = equivalents[row.id] {
                fields["equivalents"] = .array(
                    others.map { other in
                        .object([
                            "datasetId": .string(other), "comparability": .string(Comparability.partially.rawValue),
                            "note": .string("The same statistic for another nation, by that nation's own methods"),
                        ])
                    })
            }
            plan.add(ImportRow(.dataset, id: row.id, fields: fields, location: row.location))
        }
        return plan
    }

    /// The nations and groups of nations an indicator's title may end with: "Net additions to the housing stock
    /// (Wales)".
    static let places = ["England", "Wales", "Scotland", "Northern Ireland", "England and Wales", "Great Britain"]

    /// For each dataset whose title is another's but for the place in brackets at its end, the others: the same
    /// statistic published for another nation, linked as equivalents (partially comparable, as each nation
    /// follows its own methods).
    static func equivalents(_ items: [(id: String, label: String)]) -> [String: [String]] {
        var groups: [String: [String]] = [:]
        for (id, label) in items {
            for place in places where label.hasSuffix(" (\(place))") {
                groups[String(label.dropLast(place.count + 3)), default: []].append(id)
            }
        }
        var result: [String: [String]] = [:]
        for ids in groups.values where ids.count > 1 {
            for id in ids { result[id] = ids.filter { $0 != id } }
        }
        return result
    }
}

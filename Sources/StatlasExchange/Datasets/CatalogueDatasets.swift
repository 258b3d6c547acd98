import Foundation
import StatlasCore

/// ONS DCAT application-profile context records (`*-context.json`): one file, a list, or the
/// `{"files": {path: {"context": …}}}` bundle. The edition (`@reverse.dcat:hasVersion`) carries the metadata.
enum ONSContextDatasets {
    static func plan(_ data: Data, index: RegisterIndex) throws -> ImportPlan {
        let root = try JSONInput.parse(data)
        var records: [(String, [String: JSONValue])] = []
        func collect(_ value: JSONValue, _ location: String) {
            guard case .object(let object) = value else { return }
            if case .object(let files)? = object["files"] {
                for (path, file) in files.sorted(by: { $0.key < $1.key }) {
                    if case .object(let f) = file, let context = f["context"] {
                        collect(context, path)
                    } else {
                        collect(file, path)
                    }
                }
            } else if case .object(let reverse)? = object["@reverse"],
                case .object(let edition)? = reverse["dcat:hasVersion"]
            {
                records.append((location, edition))
            } else if object["spatial_coverage"] != nil || object["@type"] == .string("ons:Edition") {
                records.append((location, object))
            }
        }
        if case .array(let items) = root {
            for (i, item) in items.enumerated() { collect(item, "record \(i + 1)") }
        } else {
            collect(root, "the record")
        }
        guard !records.isEmpty else {
            throw ImportError(problems: [
                ImportProblem("the file", "holds no ONS context records (objects with @reverse.dcat:hasVersion)")
            ])
        }
        var plan = ImportPlan()
        var problems: [ImportProblem] = []
        for (location, edition) in records {
            let uri = string(edition["@id"]) ?? ""
            guard let id = datasetId(uri) else {
                problems.append(
                    ImportProblem(
                        location, field: "@id", "is not an ONS dataset edition URI (…/datasets/ID/editions/…): “\(uri)”"
                    ))
                continue
            }
            let here = "\(location) (\(id))"
            var fields: [String: JSONValue] = ["title": Field.text(string(edition["title"])) ?? .string("")]
            fields["summary"] = Field.text(string(edition["abstract"]) ?? string(edition["description"]))
            if let creator = string(edition["creator"]).flatMap(slug) {
                fields["producerIds"] = Field.list([index.organisation(slug: creator, at: here)])
            }
            if let publisher = string(edition["publisher"]).flatMap(slug) {
                fields["publisherId"] = .string(index.organisation(slug: publisher, at: here))
            }
            fields["keywords"] = Field.list(strings(edition["keyword"]))
            if let theme = string(edition["theme"]).flatMap({
                ThemeMap.theme(for: $0.split(separator: "/").last.map(String.init) ?? $0)
            }) {
                fields["themeIds"] = Field.list([index.theme(theme, at: here)])
            }
            fields["licence"] = Field.text(string(edition["license"]))
            fields["url"] = Field.webAddress(uri).map(JSONValue.string)
            if case .object(let temporal)? = edition["temporal_coverage"] {
                fields["temporalStart"] = Field.day(string(temporal["start"])).map(JSONValue.string)
                fields["temporalEnd"] = Field.day(string(temporal["end"])).map(JSONValue.string)
            }
            if let quality = string(edition["quality"]) {
                if quality.contains("in-development") {
                    fields["designation"] = .string(Designation.officialStatisticsInDevelopment.rawValue)
                } else if quality.contains("accredited") {
                    fields["designation"] = .string(Designation.accreditedOfficialStatistics.rawValue)
                }
            }
            let covered = strings(edition["spatial_coverage"]).reduce(into: Set<Nation>()) {
                $0.formUnion(NationCoverage.nations(coveredBy: $1))
            }
            let resolution = strings(edition["spatial_resolution"])
            guard !covered.isEmpty || !resolution.isEmpty else {
                problems.append(
                    ImportProblem(here, field: "spatial_coverage", "is missing, so the dataset's coverage is unknown"))
                continue
            }
            let inCovered = resolution.filter { AreaCode.nation(of: $0).map(covered.contains) ?? false }
            fields["coverage"] = DatasetFields.coverage(
                NationCoverage.derive(
                    fromCodes: covered.isEmpty ? resolution : inCovered, alsoCovered: covered, countAreas: false))
            plan.add(ImportRow(.dataset, id: id, fields: fields, location: here))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
    }

    /// `https://ons.gov.uk/datasets/cigarette-smokers/editions/2023-Q1` → `cigarette-smokers`.
    static func datasetId(_ uri: String) -> String? {
        let parts = uri.split(separator: "/").map(String.init)
        guard let i = parts.firstIndex(of: "datasets"), i + 1 < parts.count else { return nil }
        return parts[i + 1]
    }

    /// The last path segment of a GOV.UK organisation URL.
    static func slug(_ url: String) -> String? {
        url.split(separator: "/").last.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    static func string(_ value: JSONValue?) -> String? {
        if case .string(let s)? = value { return s }
        if case .array(let a)? = value, case .string(let s)? = a.first { return s }
        return nil
    }

    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let s)?: return [s]
        case .array(let a)?: return a.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        default: return []
        }
    }
}

/// CKAN package JSON (data.gov.uk): one package, a list, or a `package_show` / `package_search` response.
/// Coverage comes from data.gov.uk's `geographic_coverage` bit mask (England, Scotland, Wales, Northern Ireland).
enum CKANDatasets {
    static func plan(_ data: Data, index: RegisterIndex) throws -> ImportPlan {
        var packages: [[String: JSONValue]] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .array(let items): items.forEach(collect)
            case .object(let object):
                if let result = object["result"] {
                    collect(result)
                } else if case .array(let results)? = object["results"] {
                    results.forEach(collect)
                } else if object["name"] != nil, object["title"] != nil {
                    packages.append(object)
                }
            default: break
            }
        }
        collect(try JSONInput.parse(data))
        guard !packages.isEmpty else {
            throw ImportError(problems: [
                ImportProblem("the file", "holds no CKAN packages (objects with name and title)")
            ])
        }
        var plan = ImportPlan()
        var problems: [ImportProblem] = []
        for (i, package) in packages.enumerated() {
            let id = ONSContextDatasets.string(package["name"]) ?? ""
            let location = "package \(i + 1) (\(id))"
            var fields: [String: JSONValue] = [
                "title": Field.text(ONSContextDatasets.string(package["title"])) ?? .string("")
            ]
            fields["summary"] = Field.text(ONSContextDatasets.string(package["notes"]))
            if case .object(let org)? = package["organization"], let title = ONSContextDatasets.string(org["title"]) {
                fields["producerIds"] = Field.list([index.organisation(named: title, at: location)])
            }
            if case .array(let tags)? = package["tags"] {
                fields["keywords"] = Field.list(
                    tags.compactMap {
                        if case .object(let t) = $0 { return ONSContextDatasets.string(t["name"]) } else { return nil }
                    })
            }
            let themes =
                [package["theme-primary"]].compactMap { ONSContextDatasets.string($0) }
                + ONSContextDatasets.strings(package["theme-secondary"])
            if let theme = themes.lazy.compactMap(ThemeMap.theme(for:)).first {
                fields["themeIds"] = Field.list([index.theme(theme, at: location)])
            }
            fields["frequency"] = DatasetFields.frequency(ONSContextDatasets.string(package["update_frequency"])).map(
                JSONValue.string)
            fields["temporalStart"] = Field.day(ONSContextDatasets.string(package["temporal_coverage-from"])).map(
                JSONValue.string)
            fields["temporalEnd"] = Field.day(ONSContextDatasets.string(package["temporal_coverage-to"])).map(
                JSONValue.string)
            let url = ONSContextDatasets.string(package["url"])
            fields["url"] = Field.webAddress(url).map(JSONValue.string)
            if let url, !url.isEmpty, Field.webAddress(url) == nil {
                plan.warnings.append("\(location): left out the address “\(url)”: it is not an http(s) URL")
            }
            fields["licence"] = Field.text(ONSContextDatasets.string(package["license_id"]))
            let mask = ONSContextDatasets.string(package["geographic_coverage"]) ?? ""
            guard let nations = nations(mask: mask) else {
                problems.append(
                    ImportProblem(
                        location, field: "geographic_coverage",
                        "“\(mask)” is not a data.gov.uk coverage mask like “100000: England” (England, Scotland, Wales, Northern Ireland)"
                    ))
                continue
            }
            let level = level(granularity: ONSContextDatasets.string(package["geographic_granularity"]))
            fields["coverage"] = DatasetFields.coverage(
                Nation.allCases.map {
                    nations.contains($0)
                        ? NationCoverage(nation: $0, covered: true, finestLevel: level) : NationCoverage(nation: $0)
                })
            plan.add(ImportRow(.dataset, id: id, fields: fields, location: location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
    }

    /// `100000: England` → England; `111100` → all four; an empty mask → none. Nil when malformed.
    static func nations(mask: String) -> Set<Nation>? {
        let bits = mask.split(separator: ":").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if bits.isEmpty { return [] }
        guard bits.count >= 4, bits.allSatisfy({ $0 == "0" || $0 == "1" }) else { return nil }
        let order: [Nation] = [.england, .scotland, .wales, .northernIreland]
        return Set(zip(bits.prefix(4), order).filter { $0.0 == "1" }.map(\.1))
    }

    static func level(granularity: String?) -> GeographicLevel {
        let text = granularity?.lowercased() ?? ""
        if text.contains("output area") { return .outputArea }
        if text.contains("lsoa") || text.contains("data zone") { return .lsoa }
        if text.contains("msoa") { return .msoa }
        if text.contains("local authority") || text.contains("council") { return .localAuthority }
        if text.contains("county") { return .county }
        if text.contains("region") { return .itl1 }
        if text.contains("ward") || text.contains("point") || text.contains("postcode") { return .other }
        return .country
    }
}

/// The statistics.gov.scot dataset list (`url,title,organization,date_created,date_updated,licence,notes,category`).
/// Every dataset covers Scotland; the list does not say at which level, so country level is recorded.
enum ScotlandCatalogue {
    static func plan(_ table: CSVTable, index: RegisterIndex) throws -> ImportPlan {
        try table.require(["url", "title", "organization"])
        var plan = ImportPlan()
        var problems: [ImportProblem] = []
        let coverage = DatasetFields.coverage(
            Nation.allCases.map {
                $0 == .scotland
                    ? NationCoverage(nation: $0, covered: true, finestLevel: .country) : NationCoverage(nation: $0)
            })
        for row in table.rows {
            let location = "line \(row.line)"
            guard let url = table.value(row, "url"), let id = url.split(separator: "/").last.map(String.init),
                Field.webAddress(url) != nil
            else {
                problems.append(
                    ImportProblem(location, field: "url", "must be the dataset's statistics.gov.scot address"))
                continue
            }
            var fields: [String: JSONValue] = [
                "title": Field.text(table.value(row, "title")) ?? .string(""), "url": .string(url),
                "coverage": coverage,
            ]
            fields["summary"] = Field.text(table.value(row, "notes"))
            if let name = table.value(row, "organization") {
                fields["producerIds"] = Field.list([index.organisation(named: name, at: location)])
            }
            if let category = table.value(row, "category") {
                fields["keywords"] = Field.list([category])
                if let theme = ThemeMap.theme(for: category) {
                    fields["themeIds"] = Field.list([index.theme(theme, at: location)])
                }
            }
            fields["licence"] = Field.text(table.value(row, "licence"))
            plan.add(ImportRow(.dataset, id: id, fields: fields, location: location))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
    }
}

import Foundation
import StatlasCore

/// ONS geography files: code lists, the LAD → ITL lookup, and hexjson layouts.
enum GeographyFormats {
    /// An ONS code list (`areacd,areanm`), optionally with a parent (`parentcd`, or `parents` separated by
    /// `;`) and validity years (`start`, `end`), as in the Explore Local Statistics geography files.
    static func codeList(_ table: CSVTable) throws -> ImportPlan {
        try table.require(["areacd", "areanm"])
        var plan = ImportPlan()
        for row in table.rows {
            guard let code = table.value(row, "areacd")?.uppercased() else {
                throw ImportError(problems: [ImportProblem("line \(row.line)", field: "areacd", "is empty")])
            }
            var fields: [String: JSONValue] = ["code": .string(code)]
            fields["name"] = Field.text(table.value(row, "areanm"))
            let parents = (table.value(row, "parentcd") ?? table.value(row, "parents") ?? "")
                .split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter {
                    !$0.isEmpty
                }
            if !parents.isEmpty { fields["parentCodes"] = Field.list(parents) }
            for (column, field, suffix) in [("start", "validFrom", "-01-01"), ("end", "validTo", "-12-31")] {
                guard let value = table.value(row, column) else { continue }
                guard value.count == 4, Int(value) != nil else {
                    throw ImportError(problems: [
                        ImportProblem("line \(row.line)", field: column, "must be a year like 2023, not \"\(value)\"")
                    ])
                }
                fields[field] = .string(value + suffix)
            }
            plan.add(
                ImportRow(.area, id: code, fields: fields, unionFields: ["parentCodes"], location: "line \(row.line)"))
        }
        return plan
    }

    /// The ONS LAD → LAU1 → ITL3 → ITL2 → ITL1 lookup (`LAD25CD,LAD25NM,…,ITL125CD,ITL125NM`, any vintage):
    /// every district and ITL area once, each with its parent, ITL1 areas under their country and the
    /// countries under the United Kingdom.
    static func itlLookup(_ table: CSVTable) throws -> ImportPlan {
        func column(_ prefix: String, _ suffix: String) -> String? {
            table.header.first {
                $0.uppercased().hasPrefix(prefix) && $0.uppercased().hasSuffix(suffix) && $0.count == prefix.count + 4
            }
        }
        let levels = ["LAD", "ITL3", "ITL2", "ITL1"]
        let pairs = levels.map { (code: column($0, "CD"), name: column($0, "NM")) }
        guard pairs.allSatisfy({ $0.code != nil && $0.name != nil }) else {
            throw ImportError(problems: [
                ImportProblem("line 1", "expected LADyyCD, LADyyNM, ITL3yyCD … ITL1yyNM columns")
            ])
        }
        var plan = ImportPlan()
        var seen: [String: (name: String, location: String)] = [:]
        var problems: [ImportProblem] = []
        func add(_ code: String, _ name: String, parent: String?, _ location: String, _ column: String) {
            if let earlier = seen[code] {
                if earlier.name != name {
                    problems.append(
                        ImportProblem(
                            location, field: column,
                            "\(code) is named “\(name)” here but “\(earlier.name)” at \(earlier.location)"))
                }
                return
            }
            seen[code] = (name, location)
            var fields: [String: JSONValue] = ["code": .string(code), "name": .string(name)]
            if let parent { fields["parentCodes"] = Field.list([parent]) }
            plan.add(ImportRow(.area, id: code, fields: fields, unionFields: ["parentCodes"], location: location))
        }
        for row in table.rows {
            let values = pairs.map { (table.value(row, $0.code!)?.uppercased(), table.value(row, $0.name!)) }
            for (i, value) in values.enumerated() {
                guard let code = value.0, let name = value.1 else {
                    problems.append(ImportProblem("line \(row.line)", field: pairs[i].code!, "is empty"))
                    continue
                }
                let parent = i + 1 < values.count ? values[i + 1].0 : AreaCode.nation(of: code)?.countryCode
                add(code, name, parent: parent, "line \(row.line)", pairs[i].code!)
            }
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        let nations = Set(plan.rows.compactMap { AreaCode.nation(of: $0.id) })
        for nation in Nation.allCases where nations.contains(nation) {
            add(nation.countryCode, nation.label, parent: "K02000001", "the countries the lookup's areas lie in", "")
        }
        add("K02000001", "United Kingdom", parent: nil, "the country the lookup covers", "")
        return plan
    }

    /// A hexjson layout (`{"layout": "odd-r", "hexes": {"E06000001": {"n": …, "q": …, "r": …}}}`):
    /// each area's hex position, creating areas the register does not have yet from `n`.
    static func hexjson(_ data: Data) throws -> ImportPlan {
        struct HexFile: Decodable {
            struct Hex: Decodable {
                let n: String?
                let q: Int
                let r: Int
            }
            let layout: String
            let hexes: [String: Hex]
        }
        let file = try JSONInput.decode(HexFile.self, data, what: "a hexjson layout (layout, hexes with q and r)")
        guard let layout = HexLayout(rawValue: file.layout) else {
            throw ImportError(problems: [
                ImportProblem(
                    "the file", field: "layout",
                    "“\(file.layout)” is not a hexjson layout (odd-r, even-r, odd-q, even-q)")
            ])
        }
        var plan = ImportPlan()
        for (code, hex) in file.hexes.sorted(by: { $0.key < $1.key }) {
            let position: JSONValue = .object([
                "q": .number(Double(hex.q)), "r": .number(Double(hex.r)), "layout": .string(layout.rawValue),
            ])
            var defaults: [String: JSONValue] = ["code": .string(code.uppercased())]
            defaults["name"] = Field.text(hex.n)
            plan.add(
                ImportRow(
                    .area, id: code.uppercased(), fields: ["hex": position], defaults: defaults, location: "hex \(code)"
                ))
        }
        return plan
    }
}

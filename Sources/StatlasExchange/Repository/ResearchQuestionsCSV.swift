import Foundation
import StatlasCore

/// Areas of Research Interest as departments publish them (and as the ARI Database exports them): a CSV with
/// `department`, `question`, `theme`, `published` and `url` columns. Departments are found by name, short name or
/// id (and created, with a warning, when the register has none); themes by name or id, several separated by `;`.
/// Every problem is named by line; nothing is written unless all of it is right.
enum ResearchQuestionsCSV {
    static let columns = ["department", "question", "theme", "published", "url"]

    static func plan(_ table: CSVTable, index: RegisterIndex) throws -> ImportPlan {
        let headers = table.header.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        let unknown = headers.filter { !columns.contains($0) }
        var problems: [ImportProblem] = []
        if !unknown.isEmpty {
            problems.append(
                ImportProblem(
                    "line 1",
                    "unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); expected \(columns.joined(separator: ", "))"
                ))
        }
        for required in ["department", "question"] where !headers.contains(required) {
            problems.append(ImportProblem("line 1", "the file has no \(required) column"))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        func cell(_ row: CSVTable.Row, _ name: String) -> String? {
            guard let position = headers.firstIndex(of: name), position < row.fields.count else { return nil }
            let text = row.fields[position].trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? nil : text
        }
        var plan = ImportPlan()
        var seen: [String: Int] = [:]
        for row in table.rows {
            let location = "line \(row.line)"
            guard let question = cell(row, "question") else {
                problems.append(ImportProblem(location, field: "question", "is empty"))
                continue
            }
            guard let department = cell(row, "department") else {
                problems.append(ImportProblem(location, field: "department", "is empty"))
                continue
            }
            let departmentId = index.organisation(named: department, at: location, kind: .governmentDepartment)
            var fields: [String: JSONValue] = [
                "question": .string(question), "departmentId": .string(departmentId), "status": "open",
            ]
            var themes: [JSONValue] = []
            for name in (cell(row, "theme") ?? "").split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }
            )
            where !name.isEmpty {
                guard let id = index.themeId(named: name) else {
                    problems.append(ImportProblem(location, field: "theme", "no theme is called “\(name)”"))
                    continue
                }
                themes.append(.string(id))
            }
            if !themes.isEmpty { fields["themeIds"] = .array(themes) }
            if let published = cell(row, "published") {
                let day =
                    published.count == 7 ? published + "-01" : published.count == 4 ? published + "-01-01" : published
                guard CalendarDate(String(day.prefix(10))) != nil else {
                    problems.append(
                        ImportProblem(
                            location, field: "published", "must be a date written YYYY-MM-DD, not “\(published)”"))
                    continue
                }
                fields["published"] = .string(String(day.prefix(10)))
            }
            if let url = cell(row, "url") { fields["url"] = .string(url) }
            // The same department's question twice in one file is one question.
            var id = Slug.make(departmentId + " " + question.split(separator: " ").prefix(8).joined(separator: " "))
            if let count = seen[id] {
                seen[id] = count + 1
                id += "-\(count + 1)"
            } else {
                seen[id] = 1
            }
            plan.rows.append(ImportRow(.researchQuestion, id: id, fields: fields, location: "\(location) (\(id))"))
        }
        guard problems.isEmpty else { throw ImportError(problems: problems) }
        return plan
    }
}

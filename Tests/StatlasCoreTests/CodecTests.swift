import Foundation
import Testing

@testable import StatlasCore

@Suite("Record JSON and list parameters")
struct CodecTests {
    /// The field errors a throwing call produced (empty when it succeeded or failed otherwise).
    func fieldErrors(_ call: () throws -> Void) -> [FieldError] {
        do {
            try call()
        } catch let error as StatlasError {
            if case .invalid(let errors) = error { return errors }
        } catch {}
        return []
    }

    @Test("Missing required fields and wrongly typed values are field errors")
    func invalidFields() throws {
        let missing = fieldErrors {
            _ = try RecordCodec.decode(Organisation.self, body: Data(#"{"name":"ONS"}"#.utf8), over: .blank)
        }
        #expect(missing == [FieldError("kind", "Enter kind: it is required")])
        let typed = fieldErrors {
            _ = try RecordCodec.decode(Relationship.self, body: Data(#"{"power":"high"}"#.utf8), over: .blank)
        }
        #expect(Set(typed.map(\.field)) == ["interest", "power"])
        let unknown = fieldErrors {
            _ = try RecordCodec.decode(
                Organisation.self, body: Data(#"{"name":"X","kind":"bakery"}"#.utf8), over: .blank)
        }
        #expect(unknown.map(\.field) == ["kind"])
    }

    @Test("Malformed JSON and non-object bodies are bad requests")
    func badBodies() {
        for body in ["{", "[1,2]", "nonsense", ""] {
            do {
                _ = try RecordCodec.decode(Theme.self, body: Data(body.utf8), over: .blank)
                Issue.record("\(body) was accepted")
            } catch let error as StatlasError {
                if case .badRequest = error {} else { Issue.record("\(body) gave \(error)") }
            } catch {
                Issue.record("\(body) gave \(error)")
            }
        }
    }

    @Test("A partial body keeps the other fields of the base record")
    func merge() throws {
        var base = Theme()
        (base.id, base.name, base.description, base.version) = ("t", "Housing", "Homes", 3)
        let merged = try RecordCodec.decode(
            Theme.self, body: Data(#"{"description":"Homes and rents"}"#.utf8), over: base)
        #expect(merged.name == "Housing" && merged.description == "Homes and rents" && merged.version == 3)
    }

    @Test("List parameters are checked and combined")
    func listQuery() throws {
        let query = try ListQuery.parse(
            ["nation": "wales", "level": "local-authority", "sort": "-updated", "limit": "10", "page": "3"],
            for: Dataset.self)
        #expect(query.filters == ["coverage": "wales:local-authority", "nation": "wales"])
        #expect(query.sort == .updated && query.descending && query.offset == 20)
        let errors = fieldErrors {
            _ = try ListQuery.parse(["limit": "500", "kind": "bakery", "colour": "red"], for: Organisation.self)
        }
        #expect(Set(errors.map(\.field)) == ["limit", "kind", "colour"])
        #expect(try ListQuery.parse(["q": "census"], for: Dataset.self).sort == .relevance)
    }
}

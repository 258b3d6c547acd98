import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore
import StatlasExchange

/// The catalogue for DCAT harvesters (data.gov.uk, data.europa.eu): `/catalog.ttl` (Turtle), `/catalog.jsonld`
/// (JSON-LD) and `/catalog` (either, by `Accept`). Written as it is read, a thousand datasets at a time, so its
/// memory follows the batch and the first bytes leave at once whatever the register's size.
struct CatalogController {
    let records: any RecordRepository

    enum Format { case turtle, jsonLD }

    func register(on routes: RouteTable) {
        routes.add(.get, "/catalog.ttl", .everyone) { _, context in catalog(.turtle, context) }
        routes.add(.get, "/catalog.jsonld", .everyone) { _, context in catalog(.jsonLD, context) }
        routes.add(.get, "/catalog", .everyone) { request, context in
            let accept = request.headers[.accept]?.lowercased() ?? ""
            var response = catalog(
                accept.contains("application/ld+json") || accept.contains("json") ? .jsonLD : .turtle, context)
            response.headers[.vary] = "Accept"
            return response
        }
    }

    func catalog(_ format: Format, _ context: StatlasRequestContext) -> Response {
        let dcat = DCATCatalogue(origin: context.origin)
        let records = self.records
        var headers = HTTPFields()
        headers[.contentType] = format == .turtle ? "text/turtle; charset=utf-8" : "application/ld+json; charset=utf-8"
        let body = ResponseBody { writer in
            let encoder = RecordCodec.encoder()
            var first = true
            func write(_ nodes: [RDFNode]) async throws {
                var text = ""
                for node in nodes {
                    switch format {
                    case .turtle: text += Turtle.node(node)
                    case .jsonLD:
                        let data = try encoder.encode(JSONLDGraph.node(node))
                        text += (first ? "" : ",\n") + String(decoding: data, as: UTF8.self)
                        first = false
                    }
                }
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.write(ByteBuffer(string: format == .turtle ? Turtle.header : JSONLDGraph.header))
            try await write(dcat.catalog(modified: nil))
            var organisations: [String: String] = [:]
            var themes = Set<String>()
            var nations = Set<Nation>()
            var frequencies = Set<Frequency>()
            var licences = Set<Licence>()
            try await records.eachBatch(Dataset.self, size: 1000) { batch in
                let wanted = Set(batch.flatMap { $0.producerIds + ($0.publisherId.map { [$0] } ?? []) })
                    .subtracting(organisations.keys)
                if !wanted.isEmpty {
                    organisations.merge(try await records.titles([.organisation: wanted])[.organisation] ?? [:]) {
                        a, _ in a
                    }
                }
                var nodes: [RDFNode] = []
                for dataset in batch {
                    nodes += dcat.dataset(dataset, organisationNames: organisations)
                    themes.formUnion(dataset.themeIds)
                    nations.formUnion(dataset.coverage.filter(\.covered).map(\.nation))
                    if let frequency = dataset.frequency { frequencies.insert(frequency) }
                    if let licence = dataset.licence.flatMap(Licence.named) { licences.insert(licence) }
                }
                try await write(nodes)
            }
            let themeNames = try await records.titles([.theme: themes])[.theme] ?? [:]
            try await write(
                dcat.referenced(
                    organisations: organisations, themes: themeNames, nations: nations, frequencies: frequencies,
                    licences: licences))
            if format == .jsonLD { try await writer.write(ByteBuffer(string: JSONLDGraph.footer)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}

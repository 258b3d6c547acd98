import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StatlasCore
import StatlasTestSupport
import Testing

@testable import StatlasWeb

/// Smaller defects of issue 14, each with a test: query text decoded once, sign-in `next` normalised, JSON that
/// cannot be written answered as a 500 problem, extremes in parameters answered as problems naming them.
@Suite("Query decoding, redirects after sign-in, and answers that cannot be written")
struct DecodingAndOriginTests {
    @Test("Percent-escapes are decoded once and + is a space: search heading, search box, filter boxes and the API")
    func decodedOnce() async throws {
        try await withPages(.sqlite) { browser, _ in
            let plus = String(buffer: try await browser.get("/search?q=rent+and+council").body)
            #expect(
                plus.contains("for ‘rent and council’") && plus.contains("value=\"rent and council\""), "+ is a space")
            let escaped = String(buffer: try await browser.get("/search?q=%2525").body)
            #expect(escaped.contains("for ‘%25’") && escaped.contains("value=\"%25\""), "%2525 is %25, not %")
            let filter = String(buffer: try await browser.get("/organisations?q=office+for%2Bnational").body)
            #expect(filter.contains("value=\"office for+national\""))
            let api = try await browser.get("/api/v1/search?q=%2525+x")
            #expect(String(buffer: api.body).contains("\"query\":\"%25 x\""))
        }
    }

    @Test("Sign-in follows only local paths, after dropping the tabs, line breaks and backslashes browsers ignore")
    func nextIsNormalised() async throws {
        try await withPages(.sqlite, demo: false) { browser, _ in
            for (next, expected) in [
                ("%2F%09%2Fevil.example", "/"), ("%2F%0A%2Fevil.example", "/"), ("%2F%5Cevil.example", "/evil.example"),
                ("%2F%5C%5Cevil.example", "/evil.example"), ("https%3A%2F%2Fevil.example", "/"),
                ("%2Fdatasets%3Fq%3Drent", "/datasets?q=rent"),
            ] {
                _ = try await browser.get("/sign-in?next=\(next)")
                let response = try await browser.post(
                    "/sign-in?next=\(next)", [("email", "editor@example.org"), ("password", "a long enough password")])
                #expect(
                    response.status == .seeOther && response.headers[.location] == expected,
                    "next=\(next): \(response.headers[.location] ?? "none")")
                _ = try await browser.post("/sign-out", [])
            }
        }
    }

    @Test("A value JSON cannot hold is a 500 problem, logged, never {} with 200")
    func unencodable() async throws {
        #expect(throws: EncodingError.self) { _ = try JSONResponse.make(["rate": Double.nan]) }
        let error = EncodingError.invalidValue(Double.nan, .init(codingPath: [], debugDescription: "NaN"))
        let response = ProblemMiddleware.response(
            for: error,
            request: Request(
                head: .init(method: .get, scheme: "http", authority: "x", path: "/api/v1/x"),
                body: .init(buffer: .init())), logger: .init(label: "t"))
        #expect(response.status == .internalServerError && response.headers[.contentType] == "application/problem+json")
    }

    @Test("Extremes in paging parameters are problems naming the parameter, on the API and the pages")
    func pagingExtremes() async throws {
        try await withPages(.sqlite) { browser, _ in
            for parameter in ["offset", "page", "limit"] {
                for value in ["9223372036854775807", "-9223372036854775808", "-1", "1e308", "99999999999999999999"] {
                    let api = try await browser.get("/api/v1/datasets?\(parameter)=\(value)")
                    #expect(
                        api.status == .unprocessableContent
                            && String(buffer: api.body).contains("\"field\":\"\(parameter)\""), "\(parameter)=\(value)")
                    let page = try await browser.get("/datasets?\(parameter)=\(value)")
                    #expect(
                        page.status == .badRequest && page.title.hasPrefix("Error:"),
                        "/datasets \(parameter)=\(value): \(page.status)")
                }
            }
            let both = try await browser.get("/api/v1/datasets?page=2&offset=10")
            #expect(
                both.status == .unprocessableContent
                    && String(buffer: both.body).contains("Give page or offset, not both"))
            #expect(
                try await browser.get("/api/v1/datasets?page=10000000&limit=200").status == .ok,
                "the largest page is empty, not a crash")
        }
    }
}

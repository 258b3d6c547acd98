import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Testing

@Suite("Pages: sign-in, sessions, CSRF and security headers")
struct SessionSecurityTests {
    @Test("The session cookie is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain (S1)")
    func cookieAttributes() async throws {
        try await withPages(.sqlite, secureCookies: true, demo: false) { browser, _ in
            let response = try await browser.signIn()
            #expect(response.status == .seeOther)
            let cookie = try #require(
                response.headers[values: .setCookie].first { $0.hasPrefix("__Host-statlas-session=") })
            let attributes = Set(
                cookie.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]))
            #expect(!cookie.lowercased().contains("domain"))
            #expect(response.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
        }
    }

    @Test("Signing in replaces the session, signing out ends it: old cookies are refused (S2)")
    func sessionReplay() async throws {
        try await withPages(.sqlite, demo: false) { browser, _ in
            _ = try await browser.signIn()
            let first = try #require(browser.cookies["statlas-session"])
            #expect(String(buffer: try await browser.get("/").body).contains("Signed in as Eddie Editor"))
            _ = try await browser.signIn()
            let second = try #require(browser.cookies["statlas-session"])
            #expect(first != second)
            browser.cookies["statlas-session"] = first
            #expect(try await browser.get("/organisations/new").status == .seeOther)
            browser.cookies["statlas-session"] = second
            #expect(try await browser.get("/organisations/new").status == .ok)
            let signedOut = try await browser.post("/sign-out", [])
            #expect(signedOut.status == .seeOther && browser.cookies["statlas-session"] == nil)
            browser.cookies["statlas-session"] = second
            #expect(try await browser.get("/organisations/new").status == .seeOther)
        }
    }

    @Test("Sessions end after 30 idle minutes and 12 hours in all (S3)")
    func timeouts() async throws {
        let clock = TestClock()
        try await withPages(.sqlite, clock: clock, demo: false) { browser, _ in
            _ = try await browser.signIn()
            clock.advance(29 * 60)
            #expect(try await browser.get("/organisations/new").status == .ok)
            clock.advance(31 * 60)
            #expect(try await browser.get("/organisations/new").status == .seeOther)
            _ = try await browser.signIn()
            for _ in 0..<25 {
                clock.advance(29 * 60)
                _ = try await browser.get("/")
            }
            #expect(try await browser.get("/organisations/new").status == .seeOther)
        }
    }

    @Test("Disabling an account or changing its password ends its sessions (S4)")
    func disableEndsSessions() async throws {
        try await withPages(.sqlite, demo: false) { browser, storage in
            _ = try await browser.signIn()
            #expect(try await browser.get("/organisations/new").status == .ok)
            try await storage.accounts.setPassword(email: "editor@example.org", password: "another long password")
            #expect(try await browser.get("/organisations/new").status == .seeOther)
            _ = try await browser.signIn("editor@example.org", "another long password")
            #expect(try await browser.get("/organisations/new").status == .ok)
            #expect(try await storage.accounts.setDisabled(email: "editor@example.org", disabled: true))
            #expect(try await browser.get("/organisations/new").status == .seeOther)
            #expect(
                try await browser.signIn("editor@example.org", "another long password").status == .unprocessableContent)
        }
    }

    @Test("Unknown accounts and wrong passwords get the same answer; attempts are throttled with Retry-After (S9)")
    func signInFailures() async throws {
        try await withPages(.sqlite, demo: false) { browser, _ in
            let unknown = try await browser.signIn("nobody@example.org", "whatever password")
            let wrong = try await browser.signIn("editor@example.org", "wrong password!!")
            #expect(unknown.status == .unprocessableContent && wrong.status == .unprocessableContent)
            let strip = { (r: TestResponse) in
                String(buffer: r.body).replacingOccurrences(
                    of: #"value="[^"]*""#, with: "", options: .regularExpression)
            }
            #expect(
                strip(unknown)
                    == strip(wrong).replacingOccurrences(of: "editor@example.org", with: "nobody@example.org"))
            #expect(
                unknown.title.hasPrefix("Error: ")
                    && String(buffer: unknown.body).contains("Enter a correct email address and password"))
            var last = wrong
            for _ in 0..<10 { last = try await browser.signIn("editor@example.org", "wrong password!!") }
            #expect(last.status == .tooManyRequests && last.headers[.retryAfter] != nil)
            let blank = try await browser.post("/sign-in", [("email", ""), ("password", "")])
            #expect(
                String(buffer: blank.body).contains("Enter your email address")
                    && String(buffer: blank.body).contains("Enter your password"))
        }
    }

    @Test("Every state-changing page route refuses a missing token or a foreign origin with 403 (S5)")
    func csrf() async throws {
        try await withPages(.sqlite) { browser, storage in
            _ = try await browser.signIn()
            let countsBefore = try await storage.records.counts()
            let onsBefore = try await storage.records.get(Organisation.self, id: "office-for-national-statistics")
            let routes = try buildRoutes(services: storage.services, logger: Logger(label: "t")).entries.filter {
                !$0.isAPI && !$0.foreign && $0.method == .post
            }
            #expect(routes.count >= 9 * 3 + 2)
            for route in routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: "office-for-national-statistics")
                let noToken = try await browser.post(path, [("name", "x")], token: false)
                #expect(noToken.status == .forbidden, "\(path) without a token")
                let foreign = try await browser.post(path, [("name", "x")], origin: "https://evil.example")
                #expect(foreign.status == .forbidden, "\(path) from another origin")
            }
            #expect(try await storage.records.get(Organisation.self, id: "office-for-national-statistics") == onsBefore)
            #expect(try await storage.records.counts() == countsBefore)
        }
    }

    @Test("Security headers are on every response, errors and assets included; no Server header (S6)")
    func headers() async throws {
        try await withPages(.sqlite, demo: false) { browser, _ in
            let home = try await browser.get("/")
            let css =
                String(buffer: home.body).range(of: #"/assets/[0-9a-f]+/statlas.css"#, options: .regularExpression)
                .map { String(String(buffer: home.body)[$0]) } ?? "/assets/x/statlas.css"
            let js = css.replacingOccurrences(of: "statlas.css", with: "statlas.js")
            let script = try await browser.get(js)
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.headers[.cacheControl] == "public, max-age=31536000, immutable")
            // The script sets names as text, never as markup.
            #expect(!String(buffer: script.body).contains("innerHTML") && String(buffer: script.body).contains("fetch"))
            #expect(String(buffer: home.body).contains("<script src=\"\(js)\" defer></script>"))
            for path in [
                "/", "/nope", "/organisations/nope", "/api/v1/organisations/nope", "/sign-in", css, js, "/healthz",
            ] {
                let response = try await browser.get(path)
                let csp = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                for part in [
                    "default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
                    "form-action 'self'",
                ] {
                    #expect(csp.contains(part), "\(path) CSP lacks \(part)")
                }
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil)
                #expect(response.headers[HTTPField.Name("Permissions-Policy")!] != nil)
                #expect(response.headers[.server] == nil)
            }
            let asset = try await browser.get(css)
            #expect(asset.status == .ok && (asset.headers[.cacheControl] ?? "").contains("immutable"))
        }
    }
}

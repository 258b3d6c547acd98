import Foundation
import HTTPTypes
import StatlasCore
import StatlasTestSupport
import Testing

@testable import StatlasStorage

@Suite("Two-factor authentication (TOTP, RFC 6238) with recovery codes")
struct TwoFactorTests {
    @Test("Set up, then sign-in needs a current code; a replayed code and a used recovery code are refused")
    func signInFlow() async throws {
        let clock = TestClock()
        try await withPages(.sqlite, clock: clock, demo: false) { browser, _ in
            _ = try await browser.signIn()
            _ = try await browser.get("/account")
            let setup = String(buffer: try await browser.post("/account/two-factor/start", []).body)
            let key = try #require(setup.firstMatch(of: /Key: <code class="break-all">([A-Z2-7 ]+)<\/code>/)?.output.1)
            let secret = try #require(Base32.decode(String(key)))
            func code() -> String { TOTP.code(secret: secret, step: TOTP.step(clock.now)) }
            #expect(
                try await browser.post("/account/two-factor/confirm", [("code", "000000")]).status
                    == .unprocessableContent)
            let confirmed = String(
                buffer: try await browser.post("/account/two-factor/confirm", [("code", code())]).body)
            #expect(confirmed.contains("Two-factor authentication is on"))
            let recovery = confirmed.matches(of: /<li>([a-z2-9]{5}-[a-z2-9]{5})<\/li>/).map { String($0.output.1) }
            #expect(recovery.count == 10)
            _ = try await browser.post("/sign-out", [])

            // The code used to confirm is spent: the same step is refused, the next one accepted.
            var response = try await browser.signIn()
            #expect(response.headers[.location] == "/sign-in/code" && browser.cookies["statlas-session"] == nil)
            _ = try await browser.get("/sign-in/code")
            #expect(try await browser.post("/sign-in/code", [("code", code())]).status == .unprocessableContent)
            clock.advance(30)
            response = try await browser.post("/sign-in/code", [("code", code())])
            #expect(response.status == .seeOther && browser.cookies["statlas-session"] != nil)
            #expect(String(buffer: try await browser.get("/account").body).contains("Two-factor authentication"))
            _ = try await browser.post("/sign-out", [])

            // A recovery code works once.
            for (attempt, expected) in [(0, HTTPResponse.Status.seeOther), (1, .unprocessableContent)] {
                _ = try await browser.signIn()
                _ = try await browser.get("/sign-in/code")
                #expect(
                    try await browser.post("/sign-in/code", [("code", recovery[0].uppercased())]).status == expected,
                    "attempt \(attempt)")
                if expected == .seeOther {
                    _ = try await browser.get("/")
                    _ = try await browser.post("/sign-out", [])
                }
            }
            // Without the password step there is nothing to complete.
            browser.cookies["statlas-pending"] = nil
            #expect(try await browser.post("/sign-in/code", [("code", code())]).status == .seeOther)
            #expect(browser.cookies["statlas-session"] == nil)
        }
    }
}

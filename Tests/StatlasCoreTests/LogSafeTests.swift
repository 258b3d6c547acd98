import StatlasCore
import Testing

@Suite("Log hygiene (S12)")
struct LogSafeTests {
    @Test("Emails, tokens, secrets and key=value credentials are replaced; control characters are escaped")
    func redaction() {
        let token = "stl_" + String(repeating: "ab", count: 32)
        let raw =
            "user jo.bloggs@example.org sent \(token) with password=hunter2&cookie: abc; csrf=\(String(repeating: "f", count: 64))\nforged"
        let safe = LogSafe.text(raw)
        #expect(!safe.contains("jo.bloggs@example.org") && safe.contains("[email]"))
        #expect(
            !safe.contains(token) && !safe.contains("hunter2") && !safe.contains("abc;")
                && !safe.contains(String(repeating: "f", count: 64)))
        #expect(safe.contains("password=[redacted]") && safe.contains("cookie: [redacted]"))
        #expect(!safe.contains("\n") && safe.contains("\\nforged"))
        #expect(LogSafe.text("GET /themes/census-2021") == "GET /themes/census-2021")
    }
}

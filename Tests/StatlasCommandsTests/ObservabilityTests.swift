import Foundation
import Logging
import Testing

@testable import StatlasCommands

@Suite("For operators: JSON log lines and a progress bar that fits the terminal")
struct ObservabilityTests {
    @Test("A JSON log line is one line of JSON with the time, level, label, message and metadata")
    func jsonLine() throws {
        let line = JSONLogHandler.line(
            label: "statlas", level: .info, message: "request\nsecond line \"quoted\"",
            metadata: ["hb.request.id": "42", "http.route": "/people/{id}"],
            at: Date(timeIntervalSince1970: 1_800_000_000))
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.hasSuffix("\n") && text.dropLast().split(separator: "\n").count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(object["time"] == "2027-01-15T08:00:00.000Z" && object["level"] == "info")
        #expect(object["message"] == "request\nsecond line \"quoted\"" && object["hb.request.id"] == "42")
    }

    @Test("The progress line never reaches the terminal's last column, however narrow")
    func progressWidth() {
        for columns in [200, 80, 50, 30, 12, 5, 1] {
            for (done, total) in [(0, 100_000), (37_000, 100_000), (100_000, 100_000)] {
                let line = ProgressBar.line(
                    label: "Importing datasets from datasets.csv", done: done, total: total, columns: columns)
                #expect(line.unicodeScalars.count <= max(0, columns - 1), "\(columns): \(line)")
            }
        }
        #expect(ProgressBar.line(label: "Importing", done: 1, total: 2, columns: 80).hasPrefix("Importing █"))
        #expect(ProgressBar.line(label: "Importing a long file name", done: 1, total: 2, columns: 30).hasPrefix("█"))
    }
}

import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus

/// How `statlas serve` writes its log: as text for a person at a terminal, or one JSON object per line for a
/// log collector.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// The process-wide logging and metrics backends of `statlas serve`, set up once before anything logs.
enum Observability {
    /// The registry `/metrics` serves, bootstrapped into swift-metrics once per process.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// Sets the log format for the whole process (only the first call takes effect, as swift-log allows).
    static func bootstrapLogging(_ format: LogFormat) {
        guard format == .json else { return }
        LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
    }
}

/// A log handler writing one JSON object per line to standard output: time (UTC), level, logger label, message
/// and metadata (the request id among it). Messages never carry personal data (STANDARDS.md S12); this writes
/// what it is given, escaped as JSON.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    private static let lock = NSLock()

    init(label: String) {
        self.label = label
        if let level = ProcessInfo.processInfo.environment["STATLAS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) {
            logLevel = level
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Self.line(
            label: label, level: event.level, message: event.message.description,
            metadata: metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }), at: Date())
        Self.lock.withLock { FileHandle.standardOutput.write(line) }
    }

    /// One log line: a JSON object (keys sorted) and a line feed; line breaks in the message are escaped, so that
    /// an event is always one line.
    static func line(label: String, level: Logger.Level, message: String, metadata: Logger.Metadata, at date: Date)
        -> Data
    {
        var fields: [String: String] = [
            "time": ISO8601DateFormatter.string(
                from: date, timeZone: TimeZone(identifier: "UTC")!,
                formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": level.rawValue, "label": label, "message": message,
        ]
        for (key, value) in metadata where fields[key] == nil { fields[key] = value.description }
        let data =
            (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
        return data + Data("\n".utf8)
    }
}

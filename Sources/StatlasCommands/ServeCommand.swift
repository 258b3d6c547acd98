import ArgumentParser
import Foundation
import Hummingbird
import Logging
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasWeb

/// `statlas serve`: runs the web server and JSON API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Statlas web server and JSON API.")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @OptionGroup var storage: StorageOptions
    @Flag(
        help:
            "Load the demo register (drawn from the background documents) into an empty or demo database."
    ) var demo = false
    @Option(
        name: .customLong("reference-data"),
        help:
            "With --demo: directory of reference data (ONS geography, hex map, GOV.UK organisations, ONS indicators); default ../shared/data when it exists."
    )
    var referenceData: String?
    @Option(
        name: .customLong("secure-cookies"),
        help:
            "Mark cookies Secure with the __Host- prefix and send HSTS: 'yes' when served over HTTPS or behind a TLS proxy, 'no' for plain HTTP; default yes unless --host is a loopback address."
    )
    var secureCookies: String?
    @Option(
        name: .customLong("trusted-proxy"),
        help:
            "A proxy (address or CIDR, such as 10.0.0.0/8) whose X-Forwarded-For, -Host and -Proto headers are believed; repeat for several. Default: none."
    )
    var trustedProxy: [String] = []
    @Option(
        name: .customLong("log-format"),
        help:
            "How to write the log: 'text', or 'json' for one JSON object per line with a request id and an access-log line per request (no addresses, queries or accounts)."
    )
    var logFormat: LogFormat = .text
    @Flag(help: "Write an access-log line per request even with --log-format text.") var accessLog = false

    func validate() throws {
        for proxy in trustedProxy where CIDR(proxy) == nil {
            throw ValidationError(
                "--trusted-proxy \(proxy) is not an address or CIDR network, like 10.0.0.0/8 or fd00::/8")
        }
    }

    func run() async throws {
        Memory.limitHeapGrowth()
        Observability.bootstrapLogging(logFormat)
        let logger = commandLogger(.info)
        let service = try await storage.open(logger: logger)
        // Held while serving, so that restore and migrate refuse rather than replace the database under us.
        guard let lock = try await service.database.holdForServer() else {
            await service.shutdown()
            throw CommandFailure(
                "A maintenance command ('statlas restore' or 'statlas migrate') is working on this database: let it finish, then start the server again."
            )
        }
        do {
            try await lock.whileHeld { try await serve(service, logger: logger) }
        } catch {
            await service.shutdown()
            throw error
        }
        await service.shutdown()
    }

    /// Loads the demo when asked, then serves until SIGTERM or SIGINT (finishing in-flight requests).
    func serve(_ service: StorageService, logger: Logger) async throws {
        if demo {
            // A second server starting at the same moment waits here until the first has loaded, then adds nothing.
            let chosen = referenceData ?? ReferenceData.defaultDirectory()
            let (summary, lines, directory) = try await service.database.serialisingStartUp {
                let summary = try await DemoLoader.load(into: service.records)
                guard let directory = chosen else { return (summary, [String](), String?.none) }
                return (summary, try await ReferenceData.load(from: directory, into: service.records), directory)
            }
            say(logger, "Demo register: \(summary.created) records added, \(summary.existing) already present.")
            let studyAdded = try await service.database.serialisingStartUp {
                try await DemoStudy.load(
                    studies: service.services.studies, accounts: service.accounts,
                    factors: try await service.records.all(Factor.self))
            }
            if studyAdded {
                say(logger, "Demo research study added (invented interviews and survey; see Research studies).")
            }
            if let directory {
                say(logger, "Loaded reference data from \(directory):")
                for line in lines { say(logger, "  \(line)") }
            } else {
                say(
                    logger,
                    """
                    No reference data found: the demo has its hand-written nations, regions and organisations only.
                    To load the real geography, GOV.UK organisations and ONS indicators, pass --reference-data DIR
                    (see "Reference data" in the README for where to download the files) or use 'statlas import'.
                    """)
            }
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        let secure = secureCookies.map { ["yes", "true", "1"].contains($0.lowercased()) } ?? !loopback
        var configuration = WebConfiguration(
            host: host, port: port, demo: demo, secureCookies: secure,
            trustedProxies: trustedProxy.compactMap(CIDR.init))
        configuration.metrics = Observability.registry
        configuration.accessLog = accessLog || logFormat == .json
        let app = try buildApplication(configuration, services: service.services, logger: logger)
        say(
            logger,
            "Statlas is running at http://\(host):\(port)/ using \(try storage.configuration().redacted). Press Ctrl-C to stop."
        )
        try await printAuditHead(service, when: "at start-up", logger: logger)
        // What the server loaded and where it listens reaches a log file or a container's log now, not when a
        // buffer fills.
        fflush(nil)
        try await app.runService()
        try await printAuditHead(service, when: "at shutdown", logger: logger)
    }

    /// Writes the audit trail's end to the server's output, so that a copy kept outside the database (the log)
    /// can show later whether events were removed from the end.
    func printAuditHead(_ service: StorageService, when: String, logger: Logger) async throws {
        if let head = try await service.audit.head() {
            say(logger, "Audit trail \(when): \(head.sequence) events, last hash \(head.hash)")
        }
    }

    /// A line for the operator: printed as text, or logged as one JSON object with `--log-format json`.
    func say(_ logger: Logger, _ text: String) {
        if logFormat == .json {
            logger.info("\(text)")
        } else {
            print(text)
        }
    }
}

/// `statlas migrate`: applies pending schema migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations.")
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let service = try await storage.open(logger: commandLogger(), migrate: false)
        guard let lock = try await service.database.holdForMaintenance() else {
            await service.shutdown()
            throw CommandFailure(Backup.inUse("migrate"))
        }
        do {
            let version = try await lock.whileHeld {
                try await service.migrate()
                return try await Migrator.currentVersion(service.database)
            }
            await service.shutdown()
            print("Database schema is at version \(version) (latest \(Migrator.latestVersion)).")
        } catch {
            await service.shutdown()
            throw error
        }
    }
}

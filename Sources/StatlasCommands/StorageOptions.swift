import ArgumentParser
import Foundation
import Logging
import StatlasCore
import StatlasStorage

/// `--data-dir` and `--database-url`, the same on every command.
public struct StorageOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Directory for the embedded SQLite database.")
    var dataDirectory = "./statlas-data"

    @Option(
        name: .customLong("database-url"),
        help:
            "PostgreSQL URL (postgres://user:password@host:port/db). Defaults to $STATLAS_DATABASE_URL; SQLite when unset."
    )
    var databaseURL: String?

    public init() {}

    /// The database this command should use.
    func configuration() throws -> DatabaseConfiguration {
        let url = databaseURL ?? ProcessInfo.processInfo.environment["STATLAS_DATABASE_URL"]
        do {
            return try DatabaseConfiguration.resolve(dataDirectory: dataDirectory, databaseURL: url)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Where the audit trail's key is: `STATLAS_AUDIT_KEY`, or `audit.key` in the data directory.
    var auditKey: AuditKeySource { .standard(directory: dataDirectory) }

    /// Opens and migrates the storage, and prints nothing on success; a database that cannot be opened is the
    /// command's failure (exit status 1), with the reason.
    func open(logger: Logger, migrate: Bool = true) async throws -> StorageService {
        let configuration = try configuration()
        do {
            return try await StorageService.open(configuration, logger: logger, migrate: migrate, auditKey: auditKey)
        } catch {
            throw CommandFailure("Could not open \(configuration.redacted): \(CommandFailure.reason(error))")
        }
    }
}

extension StorageOptions {
    /// Opens the storage, runs `body`, and closes the storage whether or not `body` throws. Validation
    /// failures become the command's error message.
    func with<T>(_ body: (StorageService) async throws -> T) async throws -> T {
        let service = try await open(logger: commandLogger())
        do {
            let result = try await body(service)
            await service.shutdown()
            return result
        } catch StatlasError.invalid(let errors) {
            await service.shutdown()
            throw ValidationError(errors.map(\.message).joined(separator: "; "))
        } catch {
            await service.shutdown()
            throw error
        }
    }
}

/// The logger used by commands: warnings and above unless STATLAS_LOG_LEVEL says otherwise.
func commandLogger(_ level: Logger.Level = .warning) -> Logger {
    var logger = Logger(label: "statlas")
    logger.logLevel =
        ProcessInfo.processInfo.environment["STATLAS_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
    return logger
}

/// A command's failure in one sentence: printed as `Error: …` with exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }

    /// An error in words for the operator, with secrets and personal data removed.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as StatlasStorageError: error.description
        case let error as CommandFailure: error.description
        default: LogSafe.describe(error)
        }
    }
}

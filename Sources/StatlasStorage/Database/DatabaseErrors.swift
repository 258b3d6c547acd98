import Logging
import PostgresKit
import SQLiteKit
import StatlasCore

/// Translates driver errors that a caller can meet into domain errors; everything else passes through.
enum DatabaseErrors {
    static func map(_ error: any Error, logger: Logger) -> any Error {
        if error is StatlasError { return error }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .full, .ioError:
                logger.error("SQLite write failed: \(LogSafe.describe(sqlite))")
                return StatlasError.unavailable(
                    "The database cannot accept writes right now (storage is full or failing). Try again later.")
            case .busy, .locked:
                logger.warning("SQLite busy: \(LogSafe.describe(sqlite))")
                return StatlasError.unavailable("The database is busy. Try again in a moment.")
            default: return error
            }
        }
        if let psql = error as? PSQLError, let state = psql.serverInfo?[.sqlState] {
            if state == "53100" || state.hasPrefix("08") {
                logger.error("PostgreSQL unavailable: \(LogSafe.describe(psql))")
                return StatlasError.unavailable("The database cannot accept writes right now. Try again later.")
            }
            if state == "40001" || state == "40P01" {
                return StatlasError.unavailable("The database is busy. Try again in a moment.")
            }
        }
        return error
    }
}

import Foundation

/// Runs the PostgreSQL client tools (`pg_dump`, `pg_restore`) for a `postgres://` URL, passing the
/// password in the environment rather than on the command line (where other users could read it).
enum PostgresTools {
    static func run(_ tool: String, url: String, arguments: [String]) throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw StatlasStorageError.configuration("The PostgreSQL URL cannot be read")
        }
        var environment = ProcessInfo.processInfo.environment
        if let password = components.password?.removingPercentEncoding { environment["PGPASSWORD"] = password }
        var connection = ["--host", host, "--port", String(components.port ?? 5432)]
        if let user = components.user?.removingPercentEncoding { connection += ["--username", user] }
        let name = String(components.path.dropFirst()).removingPercentEncoding ?? ""
        connection += ["--dbname", name.isEmpty ? "postgres" : name]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool, "--no-password"] + connection + arguments
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw StatlasStorageError.configuration("Could not run \(tool): is the PostgreSQL client installed?")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StatlasStorageError.configuration(
                "\(tool) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}

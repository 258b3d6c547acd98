import ArgumentParser

/// The `statlas` command: the register of the UK statistical system.
public struct StatlasCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "statlas",
        abstract:
            "Statlas: who produces and uses which statistics, for which places, and how organisations collaborate.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, ImportCommand.self, ExportCommand.self, UserCommand.self,
            TokenCommand.self,
            AuditCommand.self, PersonCommand.self, BackupCommand.self, RestoreCommand.self, StudyCommand.self,
        ]
    )

    public init() {}
}

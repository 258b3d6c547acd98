import StatlasCommands

/// The executable: runs the `statlas` command.
@main
struct Entry {
    static func main() async {
        await StatlasCommand.main()
    }
}

import Foundation
import StatlasCore

/// `statlas-bench network [--organisations N] [--collaborations M] [--seed S] [--edges FILE]`: builds a
/// synthetic collaboration register in memory, times the collaboration network's full metric set and
/// betweenness alone, prints the figures as JSON, and writes the graph's edge list for other tools.
///
/// `statlas-bench metrics FILE`: reads an edge list (`a b [weight]` per line) and prints every metric as
/// JSON, for comparing with other implementations.
@main
struct Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { return usage() }
        arguments.removeFirst()
        switch command {
        case "network": try NetworkBenchmark(arguments).run()
        case "metrics": try EdgeListMetrics(arguments).run()
        default: usage()
        }
    }

    static func usage() {
        FileHandle.standardError.write(
            Data(
                "usage: statlas-bench network [--organisations N] [--collaborations M] [--seed S] [--edges FILE] | metrics FILE [--weighted]\n"
                    .utf8))
        exit(2)
    }
}

/// Reads `--name value` options.
struct Options {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positional: [String] = []

    init(_ arguments: [String]) {
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a.hasPrefix("--") {
                if i + 1 < arguments.count && !arguments[i + 1].hasPrefix("--") {
                    values[String(a.dropFirst(2))] = arguments[i + 1]
                    i += 1
                } else {
                    flags.insert(String(a.dropFirst(2)))
                }
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
}

/// Times a block, returning its result and seconds taken.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

func printJSON(_ object: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

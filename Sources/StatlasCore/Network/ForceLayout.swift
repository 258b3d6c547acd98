import Foundation

/// Positions for drawing a graph: Fruchterman and Reingold's force-directed layout with a weak pull to the
/// centre (so separate components stay in view), started from a fixed spiral and run for a fixed number of
/// steps — the same graph always gets the same drawing.
public enum ForceLayout {
    /// Positions in the unit square [0, 1]², one per node.
    public static func positions(_ g: Graph, iterations: Int = 300) -> [(x: Double, y: Double)] {
        let n = g.count
        guard n > 1 else { return Array(repeating: (0.5, 0.5), count: n) }
        let k = (1.0 / Double(n)).squareRoot()
        // Golden-angle spiral start: spread out, deterministic, no two nodes coincide.
        var x = (0..<n).map { i in 0.5 + 0.45 * (Double(i) / Double(n)).squareRoot() * cos(Double(i) * 2.399963) }
        var y = (0..<n).map { i in 0.5 + 0.45 * (Double(i) / Double(n)).squareRoot() * sin(Double(i) * 2.399963) }
        var temperature = 0.1
        let cooling = temperature / Double(iterations + 1)
        var dx = [Double](repeating: 0, count: n)
        var dy = [Double](repeating: 0, count: n)
        for _ in 0..<iterations {
            for i in 0..<n {
                dx[i] = 0
                dy[i] = 0
            }
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let ddx = x[i] - x[j]
                    let ddy = y[i] - y[j]
                    let d2 = max(ddx * ddx + ddy * ddy, 1e-9)
                    let force = k * k / d2
                    dx[i] += ddx * force
                    dy[i] += ddy * force
                    dx[j] -= ddx * force
                    dy[j] -= ddy * force
                }
            }
            for (a, b, _) in g.edges {
                let ddx = x[a] - x[b]
                let ddy = y[a] - y[b]
                let d = max((ddx * ddx + ddy * ddy).squareRoot(), 1e-9)
                let force = d / k
                dx[a] -= ddx * force
                dy[a] -= ddy * force
                dx[b] += ddx * force
                dy[b] += ddy * force
            }
            for i in 0..<n {
                dx[i] += (0.5 - x[i]) * 0.1 / k
                dy[i] += (0.5 - y[i]) * 0.1 / k
                let length = max((dx[i] * dx[i] + dy[i] * dy[i]).squareRoot(), 1e-9)
                let step = min(length, temperature)
                x[i] += dx[i] / length * step
                y[i] += dy[i] / length * step
            }
            temperature -= cooling
        }
        // Scale to fill the unit square.
        let (minX, maxX) = (x.min() ?? 0, x.max() ?? 1)
        let (minY, maxY) = (y.min() ?? 0, y.max() ?? 1)
        let span = max(maxX - minX, maxY - minY, 1e-9)
        return (0..<n).map { i in ((x[i] - minX) / span, (y[i] - minY) / span) }
    }
}

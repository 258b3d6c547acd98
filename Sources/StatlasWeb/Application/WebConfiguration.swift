/// How the web server listens; storage is passed separately to `buildApplication`.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// True when the register holds demo data (shown in the interface and health output).
    public var demo: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, demo: Bool = false) {
        self.host = host
        self.port = port
        self.demo = demo
    }
}

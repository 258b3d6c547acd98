import Hummingbird

/// Serves the stylesheet and the script at content-hash paths with a year's caching; other versions redirect to
/// the current one.
struct AssetsController {
    let assets: Assets

    func register(on routes: RouteTable) {
        for (name, type, body) in [
            ("statlas.css", "text/css; charset=utf-8", assets.stylesheet),
            ("statlas.js", "text/javascript; charset=utf-8", assets.script),
        ] {
            routes.add(.get, "/assets/{version}/\(name)", .everyone) { _, context in
                guard context.parameters.get("version") == assets.version else {
                    return Response(
                        status: .movedPermanently, headers: [.location: "/assets/\(assets.version)/\(name)"])
                }
                return Response(
                    status: .ok,
                    headers: [.contentType: type, .cacheControl: "public, max-age=31536000, immutable"],
                    body: .init(byteBuffer: body))
            }
        }
    }
}

import Hummingbird

/// Serves the stylesheet at a content-hash path with a year's caching; other versions redirect to it.
struct AssetsController {
    let assets: Assets

    func register(on routes: RouteTable) {
        routes.add(.get, "/assets/{version}/statlas.css", .everyone) { _, context in
            guard context.parameters.get("version") == assets.version else {
                return Response(
                    status: .movedPermanently, headers: [.location: "/assets/\(assets.version)/statlas.css"])
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=31536000, immutable",
                ],
                body: .init(byteBuffer: assets.stylesheet))
        }
    }
}

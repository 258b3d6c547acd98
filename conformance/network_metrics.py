"""Network metrics against NetworkX (STANDARDS.md "Network metrics"; issue 6).

Loads real graphs NetworkX ships into a fresh Statlas as organisations and collaborations — Florentine
families through the JSON API, the others with `statlas import network` from GraphML or GEXF that NetworkX
itself wrote — then compares every exact metric from GET /api/v1/network with NetworkX to 1e-9 (eigenvector
centrality with the exact eigenvector of nx.eigenvector_centrality_numpy), compares
communities by modularity, reads the GraphML and GEXF downloads back with NetworkX, and checks that importing
the same file twice changes nothing."""
import argparse, json, math, os, statistics, sys, tempfile
import networkx as nx
import numpy
sys.path.insert(0, os.path.dirname(__file__))
from statlas_server import Statlas, request, bearer

TOLERANCE = 1e-9
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("  FAIL", message)


def reference(G, weighted):
    """NetworkX's values. Weighted: tie weight for eigenvector, constraint, effective size and Louvain;
    length 1/weight for betweenness and closeness (Statlas treats more shared work as closer)."""
    w = "weight" if weighted else None
    H = G.copy()
    for _, _, d in H.edges(data=True):
        d["distance"] = 1 / d.get("weight", 1)
    dist = "distance" if weighted else None
    return {
        "degree": dict(G.degree()),
        "degreeCentrality": nx.degree_centrality(G),
        "betweenness": nx.betweenness_centrality(H, normalized=True, weight=dist),
        "closeness": nx.closeness_centrality(H, distance=dist, wf_improved=True),
        "eigenvector": principal_eigenvector(G, w),
        "constraint": nx.constraint(G, weight=w),
        # Per node: NetworkX 3.6's all-nodes sparse-matrix path divides by the wrong row's maximum when
        # weighted; its per-node path follows the documented definition.
        "effectiveSize": nx.effective_size(G, nodes=list(G), weight=w) if weighted else nx.effective_size(G),
        "coreNumber": nx.core_number(G),
    }


def principal_eigenvector(G, weight):
    """The exact principal eigenvector of the adjacency matrix (numpy's dense eigh), positive and of unit
    length: what nx.eigenvector_centrality_numpy gives for connected graphs, and defined for disconnected ones
    whose largest eigenvalue is unique (the other components get 0). Not nx.eigenvector_centrality, whose
    default stopping rule leaves errors near 1e-5 (Les Misérables)."""
    nodes = list(G)
    A = nx.to_numpy_array(G, nodelist=nodes, weight=weight)
    values, vectors = numpy.linalg.eigh(A)
    check(values[-1] - values[-2] > 1e-6, "the largest eigenvalue is unique, so the eigenvector is defined")
    v = vectors[:, -1]
    v = v * (1 if v.sum() >= 0 else -1) / numpy.linalg.norm(v)
    return {n: float(max(x, 0.0) if abs(x) < 1e-15 else x) for n, x in zip(nodes, v)}


def compare(name, G, body, weighted=False):
    names = {n["id"]: n for n in body["nodes"]}
    ids = {n["name"]: n["id"] for n in body["nodes"]}
    check(len(body["nodes"]) == G.number_of_nodes(), f"{name}: {len(body['nodes'])} nodes, NetworkX has {G.number_of_nodes()}")
    check(body["summary"]["edges"] == G.number_of_edges(), f"{name}: {body['summary']['edges']} edges, NetworkX has {G.number_of_edges()}")
    check(abs(body["summary"]["density"] - nx.density(G)) <= TOLERANCE, f"{name}: density differs")
    check(body["summary"]["components"] == nx.number_connected_components(G), f"{name}: components differ")
    ref = reference(G, weighted)
    worst = {}
    for metric, values in ref.items():
        diff = 0.0
        for node, expected in values.items():
            got = names[ids[str(node)]][metric]
            if got is None or (isinstance(expected, float) and math.isnan(expected)):
                check(got is None and isinstance(expected, float) and math.isnan(expected), f"{name}: {metric} of {node}: {got} vs {expected}")
                continue
            diff = max(diff, abs(got - expected))
        worst[metric] = diff
        check(diff <= TOLERANCE, f"{name}: {metric} differs from NetworkX by {diff:.2e}")
    communities = {}
    for n in body["nodes"]:
        communities.setdefault(n["community"], set()).add(n["name"])
    Gs = nx.relabel_nodes(G, str)
    w = "weight" if weighted else None
    q_ours = nx.community.modularity(Gs, communities.values(), weight=w)
    q_nx = [nx.community.modularity(Gs, nx.community.louvain_communities(Gs, weight=w, seed=s), weight=w) for s in range(10)]
    check(abs(q_ours - body["summary"]["modularity"]) <= TOLERANCE, f"{name}: reported modularity {body['summary']['modularity']} != NetworkX's {q_ours} for the same partition")
    check(q_ours >= statistics.median(q_nx) - 0.01, f"{name}: modularity {q_ours:.4f} well below NetworkX Louvain's median {statistics.median(q_nx):.4f}")
    print(f"  {name}{' (weighted)' if weighted else ''}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges; largest difference per metric "
          + ", ".join(f"{k} {v:.1e}" for k, v in worst.items())
          + f"; modularity {q_ours:.4f} (NetworkX Louvain over 10 seeds {min(q_nx):.4f}–{max(q_nx):.4f}, median {statistics.median(q_nx):.4f})")


def network(statlas, query=""):
    status, _, text = request(statlas.port, "GET", "/api/v1/network" + query, timeout=120)
    check(status == 200, f"GET /api/v1/network{query} gave {status}: {text[:200]}")
    return json.loads(text)


def with_names(G):
    """The graph with node ids as strings and a `name` attribute (what Statlas shows)."""
    G = nx.relabel_nodes(G, lambda n: str(n))
    for n in G:
        G.nodes[n]["name"] = n
    return G


def by_api(binary):
    G = with_names(nx.florentine_families_graph())
    statlas = Statlas(binary)
    token = statlas.admin_token()
    statlas.start()
    ids = {}
    for n in G:
        status, _, text = request(statlas.port, "POST", "/api/v1/organisations", {"name": n, "kind": "third-sector"}, bearer(token))
        check(status == 201, f"creating {n} gave {status}")
        ids[n] = json.loads(text)["id"]
    for a, b in G.edges():
        body = {"title": f"{a} and {b}", "kind": "other",
                "participants": [{"organisationId": ids[a], "role": "partner"}, {"organisationId": ids[b], "role": "partner"}]}
        status, _, _ = request(statlas.port, "POST", "/api/v1/collaborations", body, bearer(token))
        check(status == 201, f"creating the tie {a}–{b} gave {status}")
    compare("florentine_families_graph (API)", G, network(statlas))
    # The downloads, read back by NetworkX.
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", lambda p: nx.read_gexf(p, version="1.3"))):
        status, headers, text = request(statlas.port, "GET", f"/api/v1/network?format={fmt}")
        path = os.path.join(statlas.data_dir, "download." + fmt)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        D = reader(path)
        check(status == 200 and D.number_of_nodes() == 15 and D.number_of_edges() == 20, f"{fmt} download: {D.number_of_nodes()} nodes, {D.number_of_edges()} edges")
        bc = nx.betweenness_centrality(G)
        got = {D.nodes[n].get("name", D.nodes[n].get("label")): float(D.nodes[n]["betweenness"]) for n in D}
        check(max(abs(got[n] - bc[n]) for n in G) <= TOLERANCE, f"{fmt} download: betweenness attribute differs from NetworkX")
        print(f"  {fmt} download read back by NetworkX: {D.number_of_nodes()} nodes, {D.number_of_edges()} edges, attributes {sorted(D.nodes[next(iter(D))])[:6]}…")
    statlas.kill(15)


def by_import(binary, name, G, fmt, weighted=False):
    statlas = Statlas(binary)
    path = os.path.join(statlas.data_dir, f"{name}.{fmt}")
    F = G.copy()
    if weighted:  # each unit of weight becomes one collaboration, so the tie weight counts shared work
        M = nx.MultiGraph()
        M.add_nodes_from(F.nodes(data=True))
        for a, b, d in F.edges(data=True):
            for _ in range(int(d["weight"])):
                M.add_edge(a, b)
        F = M
    else:
        F = nx.Graph(F)
        for _, _, d in F.edges(data=True):
            d.clear()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(F, path)
    first = statlas.cli("import", "network", path, "--format", fmt).stdout.strip()
    second = statlas.cli("import", "network", path, "--format", fmt).stdout.strip()
    edges = F.number_of_edges()
    check(f"{edges} created" in first, f"{name}: first import said: {first}")
    check(f"0 created, 0 updated, {edges} unchanged" in second, f"{name}: importing again changed something: {second}")
    print(f"  import {fmt}: {first.split(': ', 1)[-1]}; again: {second.split(': ', 1)[-1]}")
    statlas.start()
    compare(f"{name} ({fmt} import)", G, network(statlas, "?weighted=true" if weighted else ""), weighted)
    statlas.kill(15)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--statlas", required=True)
    args = parser.parse_args()
    print(f"NetworkX {nx.__version__}")
    by_api(args.statlas)
    karate = with_names(nx.karate_club_graph())
    for n in karate:
        karate.nodes[n]["kind"] = "academia" if karate.nodes[n].pop("club") == "Mr. Hi" else "third-sector"
    by_import(args.statlas, "karate_club_graph", nx.Graph(karate), "graphml")
    by_import(args.statlas, "karate_club_graph", karate, "graphml", weighted=True)
    by_import(args.statlas, "les_miserables_graph", with_names(nx.les_miserables_graph()), "gexf")
    disconnected = nx.union(with_names(nx.florentine_families_graph()), with_names(nx.path_graph(["p1", "p2", "p3"])))
    by_import(args.statlas, "florentine_plus_path (disconnected)", disconnected, "graphml")
    by_import(args.statlas, "davis_southern_women_graph", with_names(nx.davis_southern_women_graph()), "gexf")
    print(f"Network metrics: {len(failures)} failures")
    sys.exit(1 if failures else 0)


main()

"""Collaboration network benchmark (issue 6): a synthetic register of 10,000 organisations and 50,000
collaborations; times the full metric set in Swift (release build), and betweenness alone against
python-igraph and NetworkX on the same graph in the same run, and prints the ratios.

NetworkX's pure-Python betweenness would take most of an hour on this graph, so it is timed from a sample of
source nodes (`--networkx-sources`, exact per-source work, scaled to all sources) unless `--networkx-full`."""
import argparse, json, os, subprocess, sys, tempfile, time

parser = argparse.ArgumentParser()
parser.add_argument("--organisations", type=int, default=10_000)
parser.add_argument("--collaborations", type=int, default=50_000)
parser.add_argument("--networkx-sources", type=int, default=200)
parser.add_argument("--networkx-full", action="store_true")
parser.add_argument("--skip-build", action="store_true")
args = parser.parse_args()

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if not args.skip_build:
    subprocess.run(["swift", "build", "-c", "release", "--product", "statlas-bench"], cwd=root, check=True,
                   stdout=subprocess.DEVNULL)
binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=root, check=True,
                        capture_output=True, text=True).stdout.strip() + "/statlas-bench"
edges_path = os.path.join(tempfile.mkdtemp(prefix="statlas-bench-"), "edges.txt")
swift = json.loads(subprocess.run([binary, "network", "--organisations", str(args.organisations),
                                   "--collaborations", str(args.collaborations), "--edges", edges_path],
                                  check=True, capture_output=True, text=True).stdout)
seconds = swift["seconds"]
n, m = swift["nodes"], swift["edges"]
print(f"Synthetic register: {swift['organisations']:,} organisations, {swift['collaborations']:,} collaborations "
      f"→ {n:,} nodes, {m:,} ties, {swift['components']} component(s); {swift['cores']} cores")
print(f"Statlas (Swift, release): full metric set {seconds['full_metric_set']:.2f} s "
      f"(betweenness and closeness {seconds['betweenness_and_closeness']:.2f} s on {swift['cores']} cores, "
      f"{seconds['betweenness_one_core']:.2f} s on one; Louvain {seconds['louvain']:.2f} s; "
      f"eigenvector {seconds['eigenvector']:.3f} s; constraint {seconds['constraint']:.3f} s; "
      f"effective size {seconds['effective_size']:.3f} s; core number {seconds['core_number']:.4f} s; "
      f"brokerage {seconds['brokerage']:.3f} s); building the ties from records {seconds['build_ties']:.2f} s")

import igraph
import networkx as nx

g = igraph.Graph.Read_Edgelist(edges_path, directed=False)
start = time.perf_counter()
raw = g.betweenness(directed=False)
igraph_seconds = time.perf_counter() - start
scale = 2 / ((n - 1) * (n - 2))
difference = abs(sum(raw) * scale - swift["betweenness_checksum"])
print(f"python-igraph {igraph.__version__}: betweenness {igraph_seconds:.2f} s (one core); "
      f"sum of normalised betweenness differs from Statlas's by {difference:.1e}")

G = nx.read_edgelist(edges_path, nodetype=int)
G.add_nodes_from(range(n))
if args.networkx_full:
    start = time.perf_counter()
    nx.betweenness_centrality(G)
    networkx_seconds = time.perf_counter() - start
    how = "all sources"
else:
    k = min(args.networkx_sources, n)
    start = time.perf_counter()
    nx.betweenness_centrality(G, k=k, seed=1)
    networkx_seconds = (time.perf_counter() - start) * n / k
    how = f"{k} sources timed, scaled to {n:,}"
print(f"NetworkX {nx.__version__}: betweenness {networkx_seconds:.1f} s ({how})")

ours = seconds["betweenness_and_closeness"]
print(f"Ratios (betweenness): Statlas is {igraph_seconds / ours:.1f}× as fast as igraph and "
      f"{networkx_seconds / ours:.0f}× as fast as NetworkX; on one core {igraph_seconds / seconds['betweenness_one_core']:.1f}× igraph")
ok = difference < 1e-6
print("Network benchmark:", "betweenness agrees with igraph" if ok else "BETWEENNESS DISAGREES WITH IGRAPH")
sys.exit(0 if ok else 1)

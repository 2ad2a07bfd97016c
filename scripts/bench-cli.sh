#!/usr/bin/env bash
# Whole-process CLI timing and peak memory: pipelens against gitlab-ci-local on the same configurations,
# side by side in one run. Prints a Markdown table. Usage: scripts/bench-cli.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-10}"
# gitlab-ci-local takes tens of seconds per run on the large generated inputs: fewer runs there.
GEN_RUNS="${2:-2}"
CORPUS="${PIPELENS_CORPUS:-$ROOT/../shared/corpus}"
GCL_VERSION=4.75.1
TOOLS="$ROOT/.tools"
export PATH="$TOOLS/node_modules/.bin:$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
command -v hyperfine >/dev/null && [ -x /usr/bin/time ] || {
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq hyperfine time >/dev/null
}
[ -f "$TOOLS/node_modules/gitlab-ci-local/package.json" ] && grep -q "\"version\": \"$GCL_VERSION\"" "$TOOLS/node_modules/gitlab-ci-local/package.json" ||
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" "gitlab-ci-local@$GCL_VERSION"

cargo build --release -q -p pipelens-cli -p pipelens-core --example generate
PIPELENS="$ROOT/target/release/pipelens"
# gitlab-ci-local needs Node >= 22 Set methods; on older Node a preload adds them.
GCL="node --require $ROOT/scripts/node-set-methods.cjs $TOOLS/node_modules/gitlab-ci-local/dist/index.js"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# gitlab-ci-local wants a git repository with a remote and a relative --cwd.
make_repo() { # name, source folder or file
  mkdir -p "$WORK/$1"
  if [ -d "$2" ]; then cp -r "$2/." "$WORK/$1/"; else cp "$2" "$WORK/$1/.gitlab-ci.yml"; fi
  (cd "$WORK/$1" && git init -q && git remote add origin https://gitlab.example.com/group/project.git &&
    git add -A && git -c user.email=bench@example.com -c user.name=bench commit -qm bench)
}

peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "| input | tool | mean (hyperfine) | ± | peak RSS | jobs listed |"
echo "|---|---|---|---|---|---|"
bench() { # name runs warmup
  local name=$1 runs=$2 warmup=$3 dir="$WORK/$1"
  (cd "$WORK" && hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$WORK/$name.json" \
    -n pipelens "$PIPELENS jobs $name --json" \
    -n gitlab-ci-local "$GCL --list-json --json-schema-validation=false --cwd $name" >/dev/null 2>&1) || {
    echo "| $name | (hyperfine failed) | | | | |"; return; }
  local pj gj
  pj=$("$PIPELENS" jobs "$dir" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["jobs"]))')
  # Node may cut a piped stdout short when it exits: write to a file.
  (cd "$WORK" && $GCL --list-json --json-schema-validation=false --cwd "$name" >"$WORK/$name.gcl.json" 2>/dev/null) || true
  gj=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/$name.gcl.json" 2>/dev/null || echo "n/a")
  local pm gm
  pm=$(peak_kib "$PIPELENS" jobs "$dir" --json)
  gm=$(cd "$WORK" && peak_kib $GCL --list-json --json-schema-validation=false --cwd "$name")
  python3 - "$WORK/$name.json" "$name" "$pm" "$gm" "$pj" "$gj" <<'PY'
import json, sys
path, name, pm, gm, pj, gj = sys.argv[1:]
r = {x["command"]: x for x in json.load(open(path))["results"]}
p, g = r["pipelens"], r["gitlab-ci-local"]
ms = lambda s: "—" if s is None else f"{s*1000:.1f} ms"
print(f"| {name} | pipelens | {ms(p['mean'])} | {ms(p['stddev'])} | {int(pm)//1024} MiB | {pj} |")
print(f"| {name} | gitlab-ci-local | {ms(g['mean'])} | {ms(g['stddev'])} | {int(gm)//1024} MiB | {gj} |")
print(f"| {name} | **speed-up** | **{g['mean']/p['mean']:.0f}×** | | | |")
PY
}

if [ -f "$CORPUS/gitlabhq-2018/.gitlab-ci.yml" ]; then
  make_repo gitlabhq-2018 "$CORPUS/gitlabhq-2018"
  bench gitlabhq-2018 "$RUNS" 2
else
  echo "note: corpus not found at $CORPUS; gitlabhq-2018 comparison skipped" >&2
fi
for n in 500 1000 2000 5000; do
  "$ROOT/target/release/examples/generate" "$n" > "$WORK/gen-$n.yml"
  make_repo "generated-$n" "$WORK/gen-$n.yml"
  bench "generated-$n" "$GEN_RUNS" 0
done

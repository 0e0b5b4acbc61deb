#!/usr/bin/env bash
# Compares synclens with the tools people use today, on this machine, with hyperfine:
#   validate: check-jsonschema (PyPI) and ajv-cli (npm) against synclens's own
#             generated JSON Schemas;
#   diff:     jsondiffpatch (npm) and deepdiff (PyPI) on the same pairs;
#   floor:    merely reading and parsing the bytes (python json.load, jq).
# Installs what it needs (pinned) under target/bench-tools, hyperfine from Debian.
# Prints a table of medians and ratios and writes bench/RESULTS.md.
#
# Usage: bash bench/compare.sh            (RUNS=10 TIMEOUT=120 to change)
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS="${RUNS:-10}"
TIMEOUT="${TIMEOUT:-120}"
TOOLS="$PWD/target/bench-tools"
WORK="$TOOLS/work"
mkdir -p "$TOOLS" "$WORK"

CHECK_JSONSCHEMA_VERSION=0.39.0
DEEPDIFF_VERSION=9.1.0
AJV_CLI_VERSION=5.0.0
AJV_FORMATS_VERSION=3.0.1
JSONDIFFPATCH_VERSION=0.7.7

# --- tools -------------------------------------------------------------------------
if ! command -v hyperfine > /dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine > /dev/null
  else
    echo "hyperfine is missing: sudo apt-get install hyperfine" >&2
    exit 2
  fi
fi
if [ ! -x "$TOOLS/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$TOOLS/venv"
  "$TOOLS/venv/bin/pip" install -q "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" "deepdiff==$DEEPDIFF_VERSION"
fi
if [ ! -x "$TOOLS/node_modules/.bin/ajv" ] || [ ! -x "$TOOLS/node_modules/.bin/jsondiffpatch" ]; then
  npm install --prefix "$TOOLS" --no-save --no-audit --no-fund --loglevel=error \
    "ajv-cli@$AJV_CLI_VERSION" "ajv-formats@$AJV_FORMATS_VERSION" "jsondiffpatch@$JSONDIFFPATCH_VERSION" > /dev/null
fi
cargo build --release --locked --quiet --bin synclens --example synth
SYNCLENS="$PWD/target/release/synclens"
PY="$TOOLS/venv/bin/python"

# --- inputs ------------------------------------------------------------------------
SAMPLES=../shared/samples
inputs=()
if [ -f "$SAMPLES/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json" ]; then
  cp "$SAMPLES/use-azuread-cloudsync-ad2aad-schema-sample2.utf8-converted.json" "$WORK/real-1mb.json"
  cp "$SAMPLES/use-azuread-cloudsync-ad2aad-schema-sample1.json" "$WORK/real-pair-old.json"
  "$SYNCLENS" fmt --stdout "$SAMPLES/use-azuread-cloudsync-ad2aad-schema-sample2.utf16le.json" > "$WORK/real-pair-new.json"
  inputs+=(real-1mb)
fi
./target/release/examples/synth 1 "$WORK/synthetic-1mb.json"
./target/release/examples/synth 4 "$WORK/synthetic-4mb.json" 50 "$WORK/synthetic-4mb-edited.json"
inputs+=(synthetic-1mb synthetic-4mb)
"$SYNCLENS" schema schema > "$WORK/schema.schema.json"

# ajv: draft 2020-12, formats from ajv-formats, no strict mode (the schema carries
# descriptions and examples ajv's strict mode would refuse).
AJV="$TOOLS/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -c ajv-formats -s $WORK/schema.schema.json -d"

results="$WORK/results.tsv"
: > "$results"

# measure NAME COMMAND...: median seconds via hyperfine; "timeout" when a single run
# exceeds $TIMEOUT, "failed" when the tool does not succeed on the input (so a quick
# failure is never mistaken for speed). Tools slower than 5 s get 2 runs.
measure() {
  local name="$1"
  shift
  local command="$*"
  local start end status=0
  start=$(date +%s%N)
  timeout "$TIMEOUT" bash -c "$command" > /dev/null 2>&1 || status=$?
  end=$(date +%s%N)
  if [ "$status" = 124 ]; then
    printf '%s\ttimeout\n' "$name" >> "$results"
    return
  fi
  if [ "$status" != 0 ]; then
    printf '%s\tfailed\n' "$name" >> "$results"
    return
  fi
  local runs="$RUNS" warmup=1
  if [ $(((end - start) / 1000000)) -gt 5000 ]; then
    runs=2
    warmup=0
  fi
  hyperfine --shell bash --warmup "$warmup" --runs "$runs" --style none \
    --export-json "$WORK/hf.json" "$command" > /dev/null 2>&1
  printf '%s\t%s\n' "$name" "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])' "$WORK/hf.json")" >> "$results"
}

for input in "${inputs[@]}"; do
  file="$WORK/$input.json"
  measure "floor/python-json/$input" "$PY -c 'import json,sys; json.load(open(sys.argv[1]))' $file"
  measure "floor/jq/$input" "jq -c . $file > /dev/null"
  measure "validate/synclens/$input" "$SYNCLENS validate --no-config $file"
  measure "validate/check-jsonschema/$input" "$TOOLS/venv/bin/check-jsonschema --schemafile $WORK/schema.schema.json $file"
  measure "validate/ajv-cli/$input" "$AJV $file"
done

pairs=(synthetic-4mb:"$WORK/synthetic-4mb.json":"$WORK/synthetic-4mb-edited.json")
if [ -f "$WORK/real-pair-old.json" ]; then
  pairs+=(real-pair:"$WORK/real-pair-old.json":"$WORK/real-pair-new.json")
fi
for pair in "${pairs[@]}"; do
  IFS=: read -r name old new <<< "$pair"
  measure "floor/python-json/$name" "$PY -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' $old $new"
  measure "diff/synclens/$name" "$SYNCLENS diff --format json $old $new"
  # jsondiffpatch exits 1 when the documents differ, like diff(1).
  measure "diff/jsondiffpatch/$name" "$TOOLS/node_modules/.bin/jsondiffpatch $old $new > /dev/null || test \$? = 1"
  measure "diff/deepdiff/$name" "$PY -c 'import json,sys; from deepdiff import DeepDiff; DeepDiff(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' $old $new"
  # What each tool reports: synclens changes vs the generic tools' leaf changes.
  synclens_count=$("$SYNCLENS" diff --format json "$old" "$new" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["changes"]))')
  deepdiff_count=$(timeout "$TIMEOUT" "$PY" -c 'import json,sys
from deepdiff import DeepDiff
d = DeepDiff(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))
print(sum(len(v) if hasattr(v, "__len__") else 1 for v in d.values()))' "$old" "$new" || echo timeout)
  jsondiffpatch_count=$(timeout "$TIMEOUT" node -e '
const fs = require("fs");
const jdp = require(process.argv[1] + "/node_modules/jsondiffpatch");
const delta = jdp.diff(JSON.parse(fs.readFileSync(process.argv[2])), JSON.parse(fs.readFileSync(process.argv[3])));
let leaves = 0;
const walk = (d) => { if (Array.isArray(d)) { leaves++; return; } if (d && typeof d === "object") for (const k of Object.keys(d)) if (k !== "_t") walk(d[k]); };
walk(delta); console.log(leaves);' "$TOOLS" "$old" "$new" 2> /dev/null || echo timeout)
  printf 'answers/%s\tsynclens %s changes; deepdiff %s items; jsondiffpatch %s leaf changes\n' \
    "$name" "$synclens_count" "$deepdiff_count" "$jsondiffpatch_count" >> "$results"
done

# --- report ------------------------------------------------------------------------
"$PY" - "$results" > bench/RESULTS.md <<'PY'
import datetime, os, platform, subprocess, sys
rows = [line.rstrip("\n").split("\t", 1) for line in open(sys.argv[1]) if line.strip()]
times = {name: value for name, value in rows if not name.startswith("answers/")}
answers = [(name, value) for name, value in rows if name.startswith("answers/")]
cpu = "unknown CPU"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass
print("# synclens compared with other tools\n")
print(f"Produced by `bash bench/compare.sh` on {datetime.date.today()} — {platform.system()} "
      f"{platform.machine()}, {os.cpu_count()} cores ({cpu}). Medians of hyperfine runs, "
      "start-up included; ratio = other tool's time ÷ synclens's time (higher is better "
      "for synclens).\n")
def fmt(v):
    return v if v in ("timeout", "failed") else f"{float(v) * 1000:.1f} ms"
for task in ("validate", "diff"):
    print(f"## {task}\n")
    print("| input | tool | median | ratio vs synclens |")
    print("|---|---|---:|---:|")
    inputs = sorted({name.split("/")[2] for name in times if name.startswith(task + "/")})
    for input_name in inputs:
        ours = times.get(f"{task}/synclens/{input_name}")
        for name, value in times.items():
            parts = name.split("/")
            if parts[2] != input_name or parts[0] not in (task, "floor"):
                continue
            ratio = ""
            if ours not in (None, "timeout", "failed") and value not in ("timeout", "failed") and parts[1] != "synclens":
                ratio = f"{float(value) / float(ours):.1f}×"
            label = parts[1] if parts[0] == task else f"floor: {parts[1]}"
            print(f"| {input_name} | {label} | {fmt(value)} | {ratio} |")
    print()
print("## What the diff tools report\n")
for name, value in answers:
    print(f"- {name.split('/', 1)[1]}: {value}")
print("\nThe synthetic pair has 50 real edits and every attribute list reversed; the "
      "generic tools report the reordering as changes, synclens does not.")
PY
cat bench/RESULTS.md

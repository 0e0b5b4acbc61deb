#!/usr/bin/env bash
# Compares synclens with the tools people use today, on this machine, with hyperfine:
#   validate: check-jsonschema (PyPI) and ajv-cli (npm) against synclens's own
#             generated JSON Schemas;
#   diff:     jsondiffpatch (npm) and deepdiff (PyPI) on the same pairs;
#   floor:    merely reading and parsing the bytes (serde_json into a Value, the
#             same parser synclens uses; python json.load; jq);
#   folder:   100 real-size exports validated in one call, on both cores and pinned
#             to one (taskset), next to the other validators on the same files.
# Each command: hyperfine median and spread (min–max), peak memory (GNU time's
# maximum resident set size, once) and, for folders, the cores it kept busy.
# Installs what it needs (pinned) under target/bench-tools, hyperfine and GNU time
# from Debian. Prints a table and writes bench/RESULTS.md with the targets of the
# benchmark issue marked met or missed (keeping the section bench/sample.sh writes).
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
if ! command -v hyperfine > /dev/null || [ ! -x /usr/bin/time ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq hyperfine time > /dev/null
  else
    echo "hyperfine or GNU time is missing: sudo apt-get install hyperfine time" >&2
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
cargo build --release --locked --quiet --bin synclens --example synth --example parse_value
SYNCLENS="$PWD/target/release/synclens"
PARSE_VALUE="$PWD/target/release/examples/parse_value"
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

# A folder of 100 real-size exports: copies of the real sample (the synthetic 1 MB
# schema when the samples are absent), each its own file to load and validate.
folder_source="$WORK/synthetic-1mb.json"
[ -f "$WORK/real-1mb.json" ] && folder_source="$WORK/real-1mb.json"
rm -rf "$WORK/folder-100"
mkdir -p "$WORK/folder-100"
for i in $(seq -w 1 100); do cp "$folder_source" "$WORK/folder-100/export-$i.json"; done

sizes="$WORK/sizes.tsv"
: > "$sizes"
for input in "${inputs[@]}"; do
  printf '%s\t%s\n' "$input" "$(stat -c %s "$WORK/$input.json")" >> "$sizes"
done
printf '%s\t%s\n' folder-100 "$(du -cb "$WORK"/folder-100/*.json | tail -1 | cut -f1)" >> "$sizes"
# synclens's resident size on a 50-byte schema: code, libraries and compiled JSON
# Schema, whatever the input; the memory target counts what a document adds to it.
echo '{"directories": [], "synchronizationRules": []}' > "$WORK/tiny.json"
/usr/bin/time -f %M -o "$WORK/rss" "$SYNCLENS" validate --no-config "$WORK/tiny.json" > /dev/null
baseline=$(($(tail -1 "$WORK/rss") * 1024))

# ajv: draft 2020-12, formats from ajv-formats, no strict mode (the schema carries
# descriptions and examples ajv's strict mode would refuse).
AJV="$TOOLS/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -c ajv-formats -s $WORK/schema.schema.json -d"

results="$WORK/results.tsv"
: > "$results"

# measure NAME COMMAND...: hyperfine median, fastest and slowest run, mean user and
# system time, and the peak resident set size of one run; "timeout" when a single
# run exceeds $TIMEOUT, "failed" when the tool does not succeed on the input (so a
# quick failure is never mistaken for speed). Tools slower than 5 s get 2 runs.
measure() {
  local name="$1"
  shift
  local command="$*"
  local start end status=0
  start=$(date +%s%N)
  timeout "$TIMEOUT" /usr/bin/time -f %M -o "$WORK/rss" bash -c "$command" > /dev/null 2>&1 || status=$?
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
  printf '%s\t%s\n' "$name" "$("$PY" -c 'import json,sys
r = json.load(open(sys.argv[1]))["results"][0]
rss = open(sys.argv[2]).read().split()[-1]
print(r["median"], min(r["times"]), max(r["times"]), r["user"], r["system"], r["mean"], int(rss) * 1024, sep="\t")' "$WORK/hf.json" "$WORK/rss")" >> "$results"
}

for input in "${inputs[@]}"; do
  file="$WORK/$input.json"
  measure "floor/serde_json-value/$input" "$PARSE_VALUE $file"
  measure "floor/python-json/$input" "$PY -c 'import json,sys; json.load(open(sys.argv[1]))' $file"
  measure "floor/jq/$input" "jq -c . $file > /dev/null"
  measure "validate/synclens/$input" "$SYNCLENS validate --no-config $file"
  measure "validate/check-jsonschema/$input" "$TOOLS/venv/bin/check-jsonschema --schemafile $WORK/schema.schema.json $file"
  measure "validate/ajv-cli/$input" "$AJV $file"
done

folder="$WORK/folder-100"
measure "floor/serde_json-value/folder-100" "$PARSE_VALUE $folder/*.json"
measure "validate/synclens/folder-100" "$SYNCLENS validate --no-config $folder"
measure "validate/synclens-one-core/folder-100" "taskset -c 0 $SYNCLENS validate --no-config $folder"
measure "validate/check-jsonschema/folder-100" "$TOOLS/venv/bin/check-jsonschema --schemafile $WORK/schema.schema.json $folder/*.json"
measure "validate/ajv-cli/folder-100" "$TOOLS/node_modules/.bin/ajv validate --spec=draft2020 --strict=false -c ajv-formats -s $WORK/schema.schema.json -d '$folder/*.json'"

pairs=(synthetic-4mb:"$WORK/synthetic-4mb.json":"$WORK/synthetic-4mb-edited.json")
if [ -f "$WORK/real-pair-old.json" ]; then
  pairs+=(real-pair:"$WORK/real-pair-old.json":"$WORK/real-pair-new.json")
fi
for pair in "${pairs[@]}"; do
  IFS=: read -r name old new <<< "$pair"
  printf '%s\t%s\n' "$name" "$(($(stat -c %s "$old") + $(stat -c %s "$new")))" >> "$sizes"
  measure "floor/serde_json-value/$name" "$PARSE_VALUE $old $new"
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
# The section bench/sample.sh writes, between its markers, is kept: read before the file
# is rewritten and appended after.
sample_section=""
if [ -f bench/RESULTS.md ]; then
  sample_section=$(awk '/^<!-- sample:begin -->$/ { keep = 1 } keep { text = text $0 "\n" }
    keep && /^<!-- sample:end -->$/ { printf "%s", text; exit }' bench/RESULTS.md)
fi
"$PY" - "$results" "$sizes" "$baseline" > bench/RESULTS.md <<'PY'
import datetime, os, platform, sys
baseline = int(sys.argv[3])
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
sizes = {name: int(size) for name, size in (l.split() for l in open(sys.argv[2]) if l.strip())}
times = {row[0]: row[1:] for row in rows if not row[0].startswith("answers/")}
answers = [(row[0], row[1]) for row in rows if row[0].startswith("answers/")]
cpu = "unknown CPU"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
except OSError:
    pass

def median(name):
    value = times.get(name)
    return float(value[0]) if value and len(value) > 1 else None

def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"

print("# synclens compared with other tools\n")
print(f"Produced by `bash bench/compare.sh` on {datetime.date.today()} — {platform.system()} "
      f"{platform.machine()}, {os.cpu_count()} cores ({cpu}). Hyperfine runs, start-up "
      "included: median and the fastest–slowest run; ratio = other tool's median ÷ "
      "synclens's (higher is better for synclens); peak memory = maximum resident set "
      "size of one run (GNU time), and that ÷ the input's size; cores = (user + system "
      "time) ÷ wall time.\n")
for task in ("validate", "diff"):
    print(f"## {task}\n")
    print("| input | tool | median | fastest–slowest | ratio vs synclens | peak memory | cores |")
    print("|---|---|---:|---:|---:|---:|---:|")
    inputs = sorted({name.split("/")[2] for name in times if name.startswith(task + "/")})
    for input_name in inputs:
        ours = median(f"{task}/synclens/{input_name}")
        for name, value in times.items():
            parts = name.split("/")
            if parts[2] != input_name or parts[0] not in (task, "floor"):
                continue
            label = parts[1] if parts[0] == task else f"floor: {parts[1]}"
            if len(value) == 1:
                print(f"| {input_name} | {label} | {value[0]} | | | | |")
                continue
            med, fast, slow, user, system, mean, rss = (float(v) for v in value)
            ratio = f"{med / ours:.1f}×" if ours and parts[1] != "synclens" else ""
            size = sizes.get(input_name)
            memory = f"{rss / 2**20:.0f} MB" + (f" ({rss / size:.1f}×)" if size else "")
            cores = f"{(user + system) / mean:.2f}"
            print(f"| {input_name} | {label} | {ms(med)} | {ms(fast)}–{ms(slow)} | {ratio} | {memory} | {cores} |")
    print()
print("## What the diff tools report\n")
for name, value in answers:
    print(f"- {name.split('/', 1)[1]}: {value}")
print("\nThe synthetic pair has 50 real edits and every attribute list reversed; the "
      "generic tools report the reordering as changes, synclens does not.\n")

print("## Targets\n")
def target(label, ok, detail):
    mark = "met" if ok else ("missed" if ok is not None else "not measured")
    print(f"- {label}: **{mark}** ({detail})")
def ratio(slow, fast):
    a, b = median(slow), median(fast)
    return (a / b) if a and b else None
for tool, wanted in (("check-jsonschema", 20), ("ajv-cli", 10)):
    r = ratio(f"validate/{tool}/real-1mb", "validate/synclens/real-1mb") or ratio(
        f"validate/{tool}/synthetic-1mb", "validate/synclens/synthetic-1mb")
    target(f"validate a 1 MB export ≥ {wanted}× faster than {tool}",
           r is not None and r >= wanted, f"{r:.1f}×" if r else "no figure")
r = ratio("diff/jsondiffpatch/synthetic-4mb", "diff/synclens/synthetic-4mb")
target("diff a 4 MB pair ≥ 5× faster than jsondiffpatch", r is not None and r >= 5,
       f"{r:.1f}×" if r else "no figure")
for input_name in ("real-1mb", "synthetic-4mb"):
    r = ratio(f"validate/synclens/{input_name}", f"floor/serde_json-value/{input_name}")
    target(f"load + validate within 3× of serde_json parsing {input_name} into a Value "
           "(whole processes)", r is not None and r <= 3, f"{r:.2f}×" if r else "no figure")
worst = None
for name, value in times.items():
    parts = name.split("/")
    if parts[1] == "synclens" and len(value) > 1 and parts[2] in sizes and parts[2] != "folder-100":
        share = (float(value[6]) - baseline) / sizes[parts[2]]
        if worst is None or share > worst[0]:
            worst = (share, f"{parts[0]} {parts[2]}")
target("peak memory under 5× the input", worst is not None and worst[0] < 5,
       f"largest: {worst[0]:.1f}× on {worst[1]}, counting the resident size above "
       f"synclens's {baseline / 2**20:.0f} MB on a 50-byte schema" if worst else "no figure")
both, one = median("validate/synclens/folder-100"), median("validate/synclens-one-core/folder-100")
if both and one:
    busy = times["validate/synclens/folder-100"]
    cores = (float(busy[3]) + float(busy[4])) / float(busy[5])
    target("a folder of 100 real-size exports validated on both cores",
           cores > 1.5, f"{ms(both)} on both cores, {ms(one)} pinned to one: "
           f"{one / both:.2f}× faster, {cores:.2f} cores busy")
PY
if [ -n "$sample_section" ]; then
  printf '\n%s\n' "$sample_section" >> bench/RESULTS.md
fi
cat bench/RESULTS.md

#!/usr/bin/env bash
# Measures `synclens diff OLD NEW --sample FILE` over a generated population of Active
# Directory users (bench/population.py: 1,000,000 by default, about 0.5 GB of JSON
# Lines) with a schema pair that differs by one scope change and three expression
# changes (bench/sample-schema.py), next to:
#   floor: reading the same file and parsing every line with serde_json, keeping
#          nothing (examples/parse_lines.rs);
#   jq:    jq doing a comparable transform per user for both schema versions: the
#          changed scope clause and two of the changed expressions, old and new,
#          printing the users whose outcome differs. jq runs on the first 100,000
#          lines; its times are scaled to the whole population.
# Each command: median wall time of 3 runs (hyperfine when present, else GNU time),
# user and system time, cores busy ((user + system) ÷ wall) and peak memory (GNU time's
# maximum resident set size). Writes the section between <!-- sample:begin --> and
# <!-- sample:end --> of bench/RESULTS.md (appended when absent), with the targets of
# the issue marked met or missed. The population is generated under
# target/bench-tools/work once per N (again when bench/population.py changes).
#
# Usage: bash bench/sample.sh [N]       (N users, default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-1000000}"
case "$N" in
  '' | *[!0-9]* | 0*)
    echo "usage: bash bench/sample.sh [N]   (N users, a positive whole number)" >&2
    exit 2
    ;;
esac
RUNS=3
JQ_LINES=100000
WORK="$PWD/target/bench-tools/work"
mkdir -p "$WORK"

# --- tools -------------------------------------------------------------------------
if [ ! -x /usr/bin/time ] || ! command -v jq > /dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -qq time jq > /dev/null
  else
    echo "GNU time or jq is missing: sudo apt-get install time jq" >&2
    exit 2
  fi
fi
cargo build --release --locked --quiet --bin synclens --example parse_lines
SYNCLENS="$PWD/target/release/synclens"
PARSE_LINES="$PWD/target/release/examples/parse_lines"

# --- inputs ------------------------------------------------------------------------
# 20 pairs of users whose userPrincipalNames collide only under the new schema.
POP="$WORK/population-$N.jsonl"
if [ ! -s "$POP" ] || [ bench/population.py -nt "$POP" ]; then
  echo "generating $N users in $POP" >&2
  python3 bench/population.py "$N" "$POP" --collide $((N / 2 < 20 ? N / 2 : 20))
fi
OLD="$WORK/sample-old.json"
NEW="$WORK/sample-new.json"
python3 bench/sample-schema.py "$OLD" "$NEW"
JQ_INPUT="$POP"
jq_lines="$N"
if [ "$N" -gt "$JQ_LINES" ]; then
  JQ_INPUT="$WORK/population-$N-first-$JQ_LINES.jsonl"
  head -n "$JQ_LINES" "$POP" > "$JQ_INPUT"
  jq_lines="$JQ_LINES"
fi

# What diff --sample computes, in jq: the scope clause bench/sample-schema.py changes
# (in a Cloud Sync rule an exclusion such as NOT REGEX MATCH holds on a null or empty
# attribute) and the DisplayName and Alias
# expressions, with the old schema and the new; the users whose outcome differs.
cat > "$WORK/sample.jq" << 'JQ'
def present: type == "string" and length > 0;
def trim: if test("^\\s|\\s$") then sub("^\\s+"; "") | sub("\\s+$"; "") else . end;
(.adminDescription | (present | not) or (test("^User_") | not)) as $old
| (.adminDescription | (present | not) or (test("^(User_[0-9a-f]{32}$|Test_)") | not)) as $new
| {object: .objectGUID,
   old: (if $old then {DisplayName: (if .displayName | present then .displayName else .cn end),
                       Alias: .mailNickname} else null end),
   new: (if $new then {DisplayName: ([.givenName, .sn] | map(select(present) | trim) | join(" ")),
                       Alias: (.mailNickname | ascii_downcase)} else null end)}
| select(.old != .new)
JQ

results="$WORK/sample-results.tsv"
: > "$results"
log="$WORK/sample-stderr.txt"

# measure NAME SCALE COMMAND...: one line "name scale wall user system rss" with the
# median wall time of $RUNS runs and their user and system time (hyperfine's means when
# it is installed, else the medians of GNU time's runs) and the largest resident set
# size GNU time saw. A command that fails stops the script.
measure() {
  local name="$1" scale="$2"
  shift 2
  local times="$WORK/sample-times.txt"
  : > "$times"
  echo "measuring $name" >&2
  if command -v hyperfine > /dev/null; then
    hyperfine -N --runs "$RUNS" --style none --export-json "$WORK/sample-hf.json" \
      -- "$(printf '%q ' "$@")" > /dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/sample-time.txt" "$@" > /dev/null 2> "$log" ||
      { cat "$log" >&2; exit 1; }
    python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
rss = open(sys.argv[2]).read().split()[-1]
print(r["median"], r["user"], r["system"], rss)' "$WORK/sample-hf.json" "$WORK/sample-time.txt" >> "$times"
  else
    for _ in $(seq "$RUNS"); do
      /usr/bin/time -f '%e %U %S %M' -o "$WORK/sample-time.txt" "$@" > /dev/null 2> "$log" ||
        { cat "$log" >&2; exit 1; }
      tail -1 "$WORK/sample-time.txt" >> "$times"
    done
  fi
  python3 -c 'import statistics, sys
rows = [[float(v) for v in line.split()] for line in open(sys.argv[1]) if line.strip()]
wall, user, system = (statistics.median(row[i] for row in rows) for i in range(3))
print(sys.argv[2], sys.argv[3], wall, user, system, int(max(row[3] for row in rows)), sep="\t")' \
    "$times" "$name" "$scale" >> "$results"
}

measure synclens 1 "$SYNCLENS" diff "$OLD" "$NEW" --sample "$POP" --format json --output "$WORK/sample-diff.json"
measure floor 1 "$PARSE_LINES" "$POP"
measure jq "$(python3 -c 'import sys; print(int(sys.argv[1]) / int(sys.argv[2]))' "$N" "$jq_lines")" \
  jq -c -f "$WORK/sample.jq" "$JQ_INPUT"

# --- report ------------------------------------------------------------------------
timer="GNU time"
if command -v hyperfine > /dev/null; then
  timer=hyperfine
fi
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2> /dev/null | cut -d: -f2- | sed 's/^ *//' || true)
machine="$(uname -sm), $(nproc) cores (${cpu:-unknown CPU})"
python3 - "$results" "$N" "$(stat -c %s "$POP")" "$jq_lines" "$(date -u +%F)" "$machine" \
  "$(nproc)" "$(jq --version)" "$timer" \
  "$WORK/sample-diff.json" << 'PY'
import json, os, sys

results, n, size, jq_lines, date, machine, cores, jq_version, timer, report = sys.argv[1:]
n, size, jq_lines, cores = int(n), int(size), int(jq_lines), int(cores)
rows = {}
for line in open(results):
    name, scale, wall, user, system, rss = line.split("\t")
    scale = float(scale)
    rows[name] = {"wall": float(wall) * scale, "cpu": (float(user) + float(system)) * scale,
                  "rss": int(rss) * 1024, "scale": scale}

def seconds(value):
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"

def ratio(slow, fast):
    """slow ÷ fast, or None when a time rounds to zero (a tiny population)."""
    return slow / fast if fast > 0 and slow > 0 else None

def times(value):
    return f"{value:.1f}×" if value is not None else "n/a"

ours, floor, jq = rows["synclens"], rows["floor"], rows["jq"]
scaled = f"; first {jq_lines:,} lines, times ×{jq['scale']:g}" if jq["scale"] != 1 else ""
table = [
    ("synclens", "`synclens diff OLD NEW --sample POP.jsonl --format json --output FILE`", ours,
     ""),
    ("floor: serde_json", "`parse_lines POP.jsonl` (each line into `IgnoredAny`)", floor,
     f"synclens ÷ floor: {times(ratio(ours['wall'], floor['wall']))}"),
    (f"{jq_version}", f"`jq -c -f sample.jq` (program in bench/sample.sh{scaled})", jq,
     f"jq ÷ synclens: {times(ratio(jq['wall'], ours['wall']))}"),
]

out = ["## diff --sample over a generated population", ""]
out.append(
    f"Produced by `bash bench/sample.sh{'' if n == 1_000_000 else f' {n}'}` on {date} — "
    f"{machine}. Population: {n:,} users "
    f"generated by `bench/population.py` ({size / 1e6:.1f} MB of JSON Lines, "
    f"{size / max(n, 1):.0f} bytes per user, 12 attributes each); schemas: "
    "`testdata/valid/ad-to-entra-cloudsync.schema.json` and a copy with one scope change "
    "and three expression changes (`bench/sample-schema.py`). Wall = median of 3 runs "
    f"({timer}), start-up included; cores = (user + system time) ÷ wall time; peak memory "
    "= maximum resident set size (GNU time). jq does the changed scope clause and two of "
    "the three changed expressions, old and new, per user"
    + (f", on the first {jq_lines:,} lines: its times are multiplied by {jq['scale']:g}, its "
       "peak memory is as measured." if jq["scale"] != 1 else "."))
out += ["", "| tool | command | wall | user + system | cores | peak memory | ratio |",
        "|---|---|---:|---:|---:|---:|---:|"]
for label, command, row, note in table:
    busy = f"{row['cpu'] / row['wall']:.2f}" if row["wall"] > 0 else "n/a"
    out.append(f"| {label} | {command} | {seconds(row['wall'])} | {seconds(row['cpu'])} | "
               f"{busy} | {row['rss'] / 2**20:.0f} MB | {note} |")
out.append("")

# What synclens found, from its JSON report (the impact of the sample).
try:
    document = json.load(open(report))
    impact = document.get("summary", {}).get("sample") or document.get("impact") or {}
except (OSError, ValueError):
    impact = {}
def count(value):
    return value.get("count") if isinstance(value, dict) else value
if impact:
    changed = impact.get("changedByTarget") or {
        target: count(value) for target, value in (impact.get("changed") or {}).items()}
    collisions = impact.get("collisions", count(impact.get("newCollisions")))
    parts = [f"{count(impact.get('enteringScope'))} users enter scope",
             f"{count(impact.get('leavingScope'))} leave it"]
    parts += [f"{value} get a new {target}" for target, value in sorted(changed.items())]
    parts.append(f"{collisions} new collisions")
    out += [f"synclens's report: {'; '.join(str(p) for p in parts)}.", ""]

out += ["Targets:", ""]
def target(label, ok, detail):
    mark = "met" if ok else ("missed" if ok is not None else "not measured")
    out.append(f"- {label}: **{mark}** ({detail})")
target("1,000,000 users in under 5 s wall",
       ours["wall"] < 5 if n == 1_000_000 else None,
       seconds(ours["wall"]) + ("" if n == 1_000_000 else f" for {n:,} users"))
busy = ratio(ours["cpu"], ours["wall"])
target(f"all cores used (≥ {0.85 * cores:.1f} cores busy on {cores})",
       busy >= 0.85 * cores if busy is not None else None,
       f"{busy:.2f}" if busy is not None else "no figure")
target("peak memory under 256 MB", ours["rss"] < 256 * 2**20, f"{ours['rss'] / 2**20:.0f} MB")
faster = ratio(jq["wall"], ours["wall"])
target("≥ 5× faster than jq", faster >= 5 if faster is not None else None, times(faster))

section = "<!-- sample:begin -->\n" + "\n".join(out) + "\n<!-- sample:end -->\n"
path = "bench/RESULTS.md"
text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
begin, end = text.find("<!-- sample:begin -->"), text.find("<!-- sample:end -->")
if begin >= 0 and end > begin:
    rest = text[end + len("<!-- sample:end -->"):]
    text = text[:begin] + section + (rest[1:] if rest.startswith("\n") else rest)
else:
    text = (text.rstrip("\n") + "\n\n" if text.strip() else "") + section
with open(path + ".tmp", "w", encoding="utf-8") as f:
    f.write(text)
os.replace(path + ".tmp", path)
print(section)
PY

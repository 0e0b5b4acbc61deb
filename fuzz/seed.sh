#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets from testdata/ (synthetic fixtures only):
#   load: every fixture file as it is;
#   diff: every testdata/diff/<case> pair joined by the separator the target splits on.
# Run from anywhere; writes fuzz/corpus/{load,diff,parse_expression} (git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
testdata=../testdata
separator=$'\n@@synclens-fuzz-split@@\n'
mkdir -p corpus/load corpus/diff corpus/parse_expression
n=0
for file in "$testdata"/valid/*.json "$testdata"/invalid/*.json "$testdata"/broken/*.json \
    "$testdata"/fragments/*.json "$testdata"/diff/*/*.json; do
    n=$((n + 1))
    cp "$file" "corpus/load/seed-$n.json"
done
for case in "$testdata"/diff/*/; do
    name=$(basename "$case")
    if [ -f "$case/old.json" ] && [ -f "$case/new.json" ]; then
        { cat "$case/old.json"; printf '%s' "$separator"; cat "$case/new.json"; } \
            > "corpus/diff/$name"
    fi
done
for file in "$testdata"/valid/*.schema.json; do
    n=$((n + 1))
    cp "$file" "corpus/diff/seed-$n.json"
done
# Expression texts of the fixtures, one per file.
grep -ho '"expression": "[^"\\]*\(\\.[^"\\]*\)*"' "$testdata"/valid/*.json |
    sed 's/^"expression": //' | sort -u | head -500 |
    while IFS= read -r quoted; do
        n=$((n + 1))
        python3 -c 'import json,sys; sys.stdout.write(json.loads(sys.argv[1]))' "$quoted" \
            > "corpus/parse_expression/seed-$n" 2>/dev/null || true
    done
echo "seeds: $(ls corpus/load | wc -l) load, $(ls corpus/diff | wc -l) diff, $(ls corpus/parse_expression | wc -l) parse_expression"

#!/usr/bin/env bash
# Packs one release archive: the synclens binary built for TARGET, README.md, the
# LICENSE files (those present), the man page and the shell completions, in a folder
# named like the archive. The names follow `[package.metadata.binstall]` in Cargo.toml
# (cargo binstall and the GitHub Action download them by these names):
#
#   synclens-<TAG>-<TARGET>.tar.gz      synclens-<TAG>-<TARGET>/synclens
#   synclens-<TAG>-<TARGET>.zip         synclens-<TAG>-<TARGET>/synclens.exe   (Windows)
#
# Used by docs/workflows/release.yml; runs the same on a developer's machine.
#
# Usage:  scripts/release-archive.sh TAG TARGET BINARY [OUT_DIR]
#         TAG      the release tag, v<version in Cargo.toml> (e.g. v1.2.3)
#         TARGET   the Rust target triple BINARY was built for
#         BINARY   the built synclens (synclens.exe for a Windows target)
#         OUT_DIR  where the archive goes (default: dist)
# Env:    SYNCLENS           a synclens that runs here, for the man page and the
#                            completions (they are the same on every target; default:
#                            BINARY, so set it when BINARY is for another platform)
#         SOURCE_DATE_EPOCH  timestamp of the archived files (default: the last commit's)
# Prints the archive's path. Exit: 0 done, 2 wrong arguments or a step failed.
set -euo pipefail

if [ "$#" -lt 3 ] || [ "$#" -gt 4 ]; then
  echo "usage: scripts/release-archive.sh TAG TARGET BINARY [OUT_DIR]" >&2
  exit 2
fi
tag=$1 target=$2 binary=$3 out=${4:-dist}
root="$(cd "$(dirname "$0")/.." && pwd)"
host_synclens="${SYNCLENS:-$binary}"

fail() {
  echo "release-archive.sh: $*" >&2
  exit 2
}
[[ $tag =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || fail "TAG must look like v1.2.3, not '$tag'"
[[ $target =~ ^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$ ]] || fail "TARGET must be a target triple, not '$target'"
[ -f "$binary" ] || fail "no binary at $binary"
# A file path runs as given, also without a slash (not looked up on PATH).
if [ -f "$host_synclens" ]; then
  host_synclens="$(cd "$(dirname "$host_synclens")" && pwd)/$(basename "$host_synclens")"
fi

# The tag names the version the binary reports (and the one binstall asks for).
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
[ "v$version" = "$tag" ] || fail "tag $tag does not match Cargo.toml's version $version"
reported="$("$host_synclens" --version)" || fail "cannot run $host_synclens (set SYNCLENS to a synclens for this machine)"
[ "$reported" = "synclens $version" ] || fail "$host_synclens reports '$reported', not 'synclens $version'"

case "$target" in
  *-windows-*) exe=.exe format=zip ;;
  *) exe='' format=tar.gz ;;
esac
name="synclens-$tag-$target"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/completions"

cp "$binary" "$dir/synclens$exe"
chmod 755 "$dir/synclens$exe"
cp "$root/README.md" "$dir/"
for license in "$root"/LICENSE*; do
  if [ -f "$license" ]; then
    cp "$license" "$dir/"
  fi
done
"$host_synclens" man --output "$dir/synclens.1"
"$host_synclens" completions bash --output "$dir/completions/synclens.bash"
"$host_synclens" completions zsh --output "$dir/completions/_synclens"
"$host_synclens" completions fish --output "$dir/completions/synclens.fish"
"$host_synclens" completions powershell --output "$dir/completions/_synclens.ps1"
"$host_synclens" completions elvish --output "$dir/completions/synclens.elv"
for file in "$dir/synclens.1" "$dir"/completions/*; do
  [ -s "$file" ] || fail "$file is empty"
done

# Same inputs, same bytes: fixed timestamps, owners and order.
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2> /dev/null || echo 0)}"
find "$dir" -exec touch -h -d "@$epoch" {} +
archive="$out/$name.$format"
rm -f "$archive"
if [ "$format" = zip ]; then
  (cd "$stage" && find "$name" -print | LC_ALL=C sort | zip -q -X -@ "$archive")
else
  tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -cf - "$name" | gzip -n -9 > "$archive"
fi
echo "$archive"

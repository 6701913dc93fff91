#!/usr/bin/env bash
# Packs the four libraries and checks each package carries its assembly, docs, readme, licence and symbols.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/packages
rm -rf "$out"
dotnet pack FlowGate.sln -c Release -o "$out" --nologo
for id in FlowGate.Routing FlowGate.Config FlowGate.Routing.AspNetCore FlowGate.Routing.Redis; do
  nupkg=$(ls "$out/$id".[0-9]*.nupkg | grep -v snupkg)
  [ -f "$out/$(basename "$nupkg" .nupkg).snupkg" ] || { echo "missing symbols package for $id"; exit 1; }
  listing=$(unzip -l "$nupkg")
  for f in "lib/net10.0/$id.dll" "lib/net10.0/$id.xml" "README.md" "$id.nuspec"; do
    grep -q "$f" <<<"$listing" || { echo "$id: $f missing from $nupkg"; exit 1; }
  done
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for tag in '<license type="expression">MIT</license>' '<readme>README.md</readme>' '<repository type="git"' '<description>'; do
    grep -q "$tag" <<<"$nuspec" || { echo "$id: nuspec lacks $tag"; exit 1; }
  done
  echo "ok: $(basename "$nupkg")"
done

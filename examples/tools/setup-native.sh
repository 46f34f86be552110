#!/usr/bin/env bash
# Installs what cascade-vad's native pipeline needs and its tests use, on Debian/Ubuntu:
#   - jackd2, libsndfile1, libsamplerate0 from apt (skipped when already installed);
#   - the Silero VAD v5 model, from the npm package SileroModel.NPM_PACKAGE names, into the cache
#     (${CASCADE_SILERO_MODEL:-${XDG_CACHE_HOME:-~/.cache}/cascade-buffer/silero_vad_v5.onnx}),
#     checked by size and SHA-256; a cached model that checks out is kept.
# ONNX Runtime itself comes from Maven Central with the build. Safe to run again.
set -euo pipefail

packages=(jackd2 libsndfile1 libsamplerate0)
npm_package="@ricky0123/vad-web@0.0.31"
model_file="silero_vad_v5.onnx"
model_size=2327524
model_sha256="2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f"

say() { echo "setup-native: $*" >&2; }
fail() { say "$*"; exit 1; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "no apt-get here: install ${missing[*]} by other means"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]} (apt-get)"
  $sudo apt-get update -q >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed"
fi

model="${CASCADE_SILERO_MODEL:-${XDG_CACHE_HOME:-$HOME/.cache}/cascade-buffer/$model_file}"
checks_out() {
  [ -f "$1" ] && [ "$(stat -c %s "$1")" -eq "$model_size" ] \
    && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$model_sha256" ]
}
if checks_out "$model"; then
  say "model present: $model"
  exit 0
fi
command -v npm >/dev/null || fail "npm is needed to fetch the Silero VAD model (apt-get install npm)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
say "fetching $npm_package for $model_file"
(cd "$work" && npm pack --silent "$npm_package" >/dev/null) || fail "npm pack $npm_package failed"
tar -xzf "$work"/*.tgz -C "$work" "package/dist/$model_file" || fail "$npm_package has no dist/$model_file"
checks_out "$work/package/dist/$model_file" \
  || fail "dist/$model_file of $npm_package is not the expected file (size $model_size, sha256 $model_sha256)"
mkdir -p "$(dirname "$model")"
mv "$work/package/dist/$model_file" "$model.part"
mv "$model.part" "$model"
say "model cached: $model"

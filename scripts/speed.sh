#!/usr/bin/env bash
# Measures the four build/test times the README's Speed section records,
# each cold one from its own empty GOCACHE (modules already downloaded).
#   bash scripts/speed.sh            # prints one line per measurement
# Run it on a quiet machine: the numbers are wall-clock seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
go mod download
secs() { local TIMEFORMAT=%R; { time "$@" >/dev/null 2>&1; } 2>&1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cold() { local dir; dir=$(mktemp -d); GOCACHE=$dir secs "$@"; rm -rf "$dir"; }

# The floor: only the third-party (and standard) packages cmd/vpclab imports.
deps=$(go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./cmd/vpclab | grep -v '^github.com/vpclab/')
floor=$(cold go build $deps)
plan=$(cold go run ./cmd/vpclab plan nat-bastion)
tests=$(cold go test ./...)
go test ./... >/dev/null 2>&1 # fill the cache for the warm run
warm=$(secs go test -count=1 ./...)
printf 'floor (third-party packages of cmd/vpclab, cold)  %6.1f s\n' "$floor"
printf 'go run ./cmd/vpclab plan nat-bastion (cold)       %6.1f s  %s× floor (target ≤ 1.10×)\n' "$plan" "$(ratio "$plan" "$floor")"
printf 'go test ./... (cold)                              %6.1f s  %s× floor (target ≤ 1.25×)\n' "$tests" "$(ratio "$tests" "$floor")"
printf 'go test -count=1 ./... (warm)                     %6.1f s  (target ≤ 10 s)\n' "$warm"

#!/usr/bin/env bash
# Measures the build and test times docs/development.md (and the README's
# Speed table) record, each cold one from its own empty GOCACHE (modules
# already downloaded: a fresh machine also downloads them once).
#   bash scripts/speed.sh            # prints one line per measurement
# Run it on a quiet machine: the numbers are wall-clock seconds. It takes
# about an hour (three cold builds of the AWS SDK, a cold build of the
# Pulumi CLI, a cold .ci/run). It writes what .ci/run writes: the generated
# SDKs and examples/typescript/node_modules (all git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
go mod download
secs() { local TIMEFORMAT=%R; { time "$@" >/dev/null 2>&1; } 2>&1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# cold keeps the command's status: a failing build or test stops the script.
cold() { local dir rc=0; dir=$(mktemp -d); GOCACHE=$dir secs "$@" || rc=$?; rm -rf "$dir"; return $rc; }

# The floor: only the third-party (and standard) packages cmd/vpclab imports.
deps=$(go list -deps -f '{{if not .Standard}}{{.ImportPath}}{{end}}' ./cmd/vpclab | grep -v '^github.com/vpclab/')
floor=$(cold go build $deps)
plan=$(cold go run ./cmd/vpclab plan nat-bastion)
tests=$(cold go test ./...)
go test ./... >/dev/null 2>&1 # fill the cache for the warm run
warm=$(secs go test -count=1 ./...)

# The engine tools, cold (empty GOCACHE, empty tools directory); the
# script reports each tool's own build time.
tools=$(mktemp -d)
cache=$(mktemp -d)
log=$(GOCACHE=$cache VPCLAB_TOOLS=$tools bash scripts/engine-tools.sh 2>&1 >/dev/null)
rm -rf "$cache"
pulumi_cold=$(sed -n 's/^engine-tools: built pulumi v[^ ]* in \([0-9]*\) s$/\1/p' <<<"$log")
yaml_cold=$(sed -n 's/^engine-tools: built pulumi-language-yaml v[^ ]* in \([0-9]*\) s$/\1/p' <<<"$log")
# The engine suite's six stacks with their step walks, warm.
(cd engine && VPCLAB_TOOLS=$tools go test -count=1 -run TestEveryStackUnderTheEngine ./... >/dev/null 2>&1) # warm it
stacks=$(cd engine && VPCLAB_TOOLS=$tools secs go test -count=1 -run TestEveryStackUnderTheEngine ./...)
suite=$(cd engine && VPCLAB_TOOLS=$tools secs go test -count=1 ./...)
# The TypeScript suite (the SDK generated and examples/typescript installed,
# as .ci/run does first), warm: compiling, the plugin's build, node --test.
bash scripts/sdkgen.sh >/dev/null 2>&1
(cd examples/typescript && npm ci --no-audit --no-fund >/dev/null 2>&1)
typescript=$(cd engine && VPCLAB_TOOLS=$tools secs go test -count=1 -run TestTypeScriptExamples ./...)
rm -rf "$tools"

# .ci/run on a fresh clone with ../shared beside it: empty GOCACHE, no tools.
work=$(mktemp -d)
git clone -q "$root" "$work/main"
ln -s "$(cd "$root/../shared" && pwd)" "$work/shared"
ci=$(cd "$work/main" && cold env CI=true bash .ci/run)
rm -rf "$work"

printf 'floor (third-party packages of cmd/vpclab, cold)  %6.1f s\n' "$floor"
printf 'go run ./cmd/vpclab plan nat-bastion (cold)       %6.1f s  %s× floor (target ≤ 1.10×)\n' "$plan" "$(ratio "$plan" "$floor")"
printf 'go test ./... (cold)                              %6.1f s  %s× floor (target ≤ 1.25×)\n' "$tests" "$(ratio "$tests" "$floor")"
printf 'go test -count=1 ./... (warm)                     %6.1f s  (target ≤ 10 s)\n' "$warm"
printf 'pulumi CLI build (cold)                           %6.1f s\n' "$pulumi_cold"
printf 'pulumi-language-yaml build (cold)                 %6.1f s\n' "$yaml_cold"
printf 'engine suite, six stacks and step walks (warm)    %6.1f s  (target ≤ 60 s)\n' "$stacks"
printf 'engine suite, all of it (warm)                    %6.1f s\n' "$suite"
printf 'TypeScript suite (warm)                           %6.1f s  (target ≤ 60 s)\n' "$typescript"
printf 'bash .ci/run on a fresh clone (cold)              %6.1f s  (target ≤ 1200 s)\n' "$ci"

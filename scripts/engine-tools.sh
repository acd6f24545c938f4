#!/usr/bin/env bash
# Builds — or reuses — the two tools the engine suite (engine/) runs: the
# Pulumi CLI and the YAML language host, each from its own small module
# under scripts/engine-tools/ (their go.mod pins the version; nothing else
# requires pkg/v3), into a git-ignored directory. Prints that directory; its
# bin/ holds `pulumi` and `pulumi-language-yaml`.
#
#   VPCLAB_TOOLS   where to put them (default: .tools in the repository)
#
# A binary is reused when the version recorded beside it matches its
# module's; a cold build takes ~8 min (pulumi) and ~3 min (yaml) on 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools=${VPCLAB_TOOLS:-$root/.tools}
mkdir -p "$tools/bin"

# build NAME MODULE PACKAGE [LDFLAGS-WITH-%V]
build() {
  local name=$1 module=$2 pkg=$3 ldflags=${4:-}
  local dir=$root/scripts/engine-tools/$name
  local version
  version=$(cd "$dir" && go list -m -f '{{.Version}}' "$module")
  local stamp=$tools/bin/.$name.version
  if [ -x "$tools/bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    echo "engine-tools: reusing $name $version" >&2
    return
  fi
  echo "engine-tools: building $name $version (cold: several minutes)" >&2
  local start=$SECONDS
  (cd "$dir" && go build -ldflags "${ldflags//%V/$version}" -o "$tools/bin/$name" "$pkg")
  echo "$version" > "$stamp"
  echo "engine-tools: built $name $version in $((SECONDS - start)) s" >&2
}

# The Automation API refuses a CLI that reports no version.
build pulumi github.com/pulumi/pulumi/pkg/v3 github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
  "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=%V"
build pulumi-language-yaml github.com/pulumi/pulumi-yaml github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml \
  "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=%V"
echo "$tools"

#!/usr/bin/env bash
# Records every shipped stack's state at the current program, for the
# upgrade test (engine/upgrade_test.go, TestUpgradeReplacesNothing): each
# stack is brought up at its default step under the real engine against the
# simulated AWS and exported to engine/testdata/states/<stack>@<commit>.json
# (file backend; passphrase secrets provider, passphrase "engine-suite").
# Run it on a clean commit — at least before a change that reshapes the
# components or the labs — and commit the new files beside the old ones:
# every recording stays, as every earlier version has users.
#
#   VPCLAB_TOOLS   where scripts/engine-tools.sh built the Pulumi CLI (default .tools)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export VPCLAB_TOOLS=${VPCLAB_TOOLS:-$root/.tools}
cd "$root/engine"
go test -count=1 -run '^TestRecordStates$' -record-states -v . | grep -E '^(---|ok|FAIL|\s+upgrade_test.go)'

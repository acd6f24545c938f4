#!/usr/bin/env bash
# Generates — or reuses, while the schema is unchanged — vpclab's SDKs for
# other languages from the schema the plugin serves (provider/schema.json;
# provider's tests hold it equal to what the plugin serves), with the code
# generators of the pinned pkg/v3 (scripts/sdkgen, a module of its own):
#
#   examples/typescript/sdks/vpclab   the Node.js SDK, where `pulumi package add
#                                     ../../provider` puts it and package.json
#                                     links it (file:sdks/vpclab)
#   .tools/sdk/python                 the Python SDK (byte-compiled only: no
#                                     Python program runs here)
#
# Both are git-ignored. Run it before `npm ci` in examples/typescript: npm
# links the SDK and its postinstall compiles it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/scripts/sdkgen"
go run . -schema "$root/provider/schema.json" \
  -nodejs "$root/examples/typescript/sdks/vpclab" \
  -python "$root/.tools/sdk/python"

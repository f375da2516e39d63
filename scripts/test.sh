#!/usr/bin/env bash
# Sets up, builds with warnings as errors, and runs every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export FOOTAGE_WERROR=ON
"$root/scripts/setup.sh" --tests
cd "${FOOTAGE_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2 "$@"

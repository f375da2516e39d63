#!/usr/bin/env bash
# The README's "A case in five minutes", pasted as it is into a shell on the demo drive that
# scripts/demo.sh makes (generated here directly: demo.sh would also build), must work: every
# command ends as the README says (exit 0, or exit 1 where its comment says so), the bag
# verifies with its signature and both sources, the custody chain holds and the report exists.
#   readme_case_test.sh FOOTAGE_BINARY SOURCE_DIR WORK_DIR
set -uo pipefail
footage="$1"
source_dir="$2"
work="$3"

rm -rf "$work"
mkdir -p "$work/build" "$work/demo"
ln -s "$footage" "$work/build/footage"
/usr/bin/python3 "$source_dir/tests/gen/make_drive.py" --profile demo --out "$work/demo/drive" \
    >/dev/null || { echo "FAIL: the demo drive could not be generated"; exit 1; }

# The README's block as a script that records each command's exit status after it runs
# (continuation lines joined; the line that runs demo.sh left out).
/usr/bin/python3 - "$source_dir/README.md" "$work/case.sh" <<'EOF' || exit 1
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text[text.index("## A case in five minutes"):]
block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
commands, current = [], ""  # [command line, its comments]
for line in block.splitlines():
    if not current and line.strip().startswith("#"):
        if commands:  # a comment line under a command is about it
            commands[-1][1] += line
        continue
    current += line
    if line.endswith("\\"):
        current = current[:-1] + " "
        continue
    if current.strip():
        code, _, comment = current.partition("#")
        commands.append([code.strip(), comment])
    current = ""
out, listed = [], []
for code, comment in commands:
    if code.startswith("scripts/demo.sh"):
        continue
    listed.append(code)
    out.append(code)
    out.append(f'echo "$? {int("exit 1" in comment)} {len(listed)}" >>"$EXITS"')
open(sys.argv[2] + ".commands", "w").write("\n".join(listed) + "\n")
if not any(code.startswith("footage report") for code, _ in commands):
    sys.exit("FAIL: no case block with a report in README.md")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
EOF

(cd "$work" && EXITS="$work/exits" FOOTAGE_DB= bash ./case.sh >"$work/out.log" 2>&1)
status=0
while read -r code expected_one number; do
    if [[ "$code" != 0 && !("$code" == 1 && "$expected_one" == 1) ]]; then
        echo "FAIL: exit $code: $(sed -n "${number}p" "$work/case.sh.commands")"
        status=1
    fi
done <"$work/exits"
if [[ ! -s "$work/exits" ]]; then
    echo "FAIL: the case ran no command"
    status=1
fi

cd "$work/demo" || exit 1
export FOOTAGE_DB=case-2020-114.db
check() {
    if ! "$@" >/dev/null 2>&1; then
        echo "FAIL: $*"
        status=1
    fi
}
check "$footage" verify evidence/2020-114_ch01_20201103T140022 --pubkey keys/case-2020-114.pub \
    --source drive/NVR/ch01_20201103140000_20201103140030.mp4 \
    --source drive/NVR/ch01_20201103140030_20201103140100.mp4
check "$footage" log --verify -q
check test -s case-2020-114/index.html
check test -s case-2020-114/report.json
check test -s "hits/ch01@20201103T070027.000Z+6400ms.jpg"
if ((status != 0)); then
    echo "--- what the case printed:"
    cat "$work/out.log"
fi
exit "$status"

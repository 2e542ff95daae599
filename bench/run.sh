#!/usr/bin/env bash
# Benchmark harness for siglint (issue 7). See docs/performance.md.
#
#   bench/run.sh            generate the seeded corpus (scale $SCALE) and benchmark on it
#   bench/run.sh DIR        benchmark on an existing tree instead (no linearity, no planted-site check)
#
# Environment (defaults in brackets):
#   SCALE [1]          corpus scale: 1 = ~60 000 files / ~500 MB
#   BIG_SCALE [4*SCALE] second corpus for the linearity check; 0 skips it
#   SEED [7]           generator seed
#   RUNS [5] WARMUP [1]    hyperfine runs for siglint and rg
#   BIG_WARMUP [3]     warm-up runs on the BIG_SCALE corpus (it must be read into the page cache;
#                      a kernel that reclaims cold pages evicts part of it between measurements)
#   SMALL_RUNS [100]   runs for the one-small-file latency
#   SLOW_RUNS [1]      runs for ast-grep and semgrep (each run of semgrep can take minutes)
#   TOOLS ["ast-grep semgrep"]  optional competitors; empty skips them
#   CORPORA [bench/corpus]  where generated corpora go (gitignored)
#   RESULTS [bench/results.md]  the markdown summary (also printed)
#   QUIET_WAIT [1800]  seconds to wait for other builds (rustc) to finish before each timing
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
SCALE=${SCALE:-1}
BIG_SCALE=${BIG_SCALE:-$(python3 -c "print(round(4 * $SCALE, 6))")}
SEED=${SEED:-7}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
BIG_WARMUP=${BIG_WARMUP:-3}
SMALL_RUNS=${SMALL_RUNS:-100}
SLOW_RUNS=${SLOW_RUNS:-1}
TOOLS=${TOOLS-"ast-grep semgrep"}
CORPORA=${CORPORA:-$BENCH/corpus}
RESULTS=${RESULTS:-$BENCH/results.md}
QUIET_WAIT=${QUIET_WAIT:-1800}
WORK=$BENCH/.work
TOOLDIR=$WORK/tools
OUT=$WORK/run-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT" "$TOOLDIR" "$CORPORA"

log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------------------------
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
apt_install() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 (apt-get)"
  $SUDO apt-get install -y "$2" >"$OUT/apt-$2.log" 2>&1 ||
    { $SUDO apt-get update >>"$OUT/apt-$2.log" 2>&1 && $SUDO apt-get install -y "$2" >>"$OUT/apt-$2.log" 2>&1; } ||
    { log "could not install $2; see $OUT/apt-$2.log"; exit 2; }
}
apt_install hyperfine hyperfine
apt_install rg ripgrep
[ -x /usr/bin/time ] || apt_install /usr/bin/time time

ASTGREP=""
SEMGREP=""
for tool in $TOOLS; do
  case $tool in
  ast-grep)
    # Installed locally: a global npm install would collide with /usr/bin/sg (shadow's `sg`).
    if command -v ast-grep >/dev/null 2>&1; then
      ASTGREP=$(command -v ast-grep)
    else
      [ -x "$TOOLDIR/node_modules/.bin/ast-grep" ] ||
        { log "installing ast-grep (npm @ast-grep/cli)"; npm install --no-save --prefix "$TOOLDIR" @ast-grep/cli >"$OUT/npm.log" 2>&1 || true; }
      [ -x "$TOOLDIR/node_modules/.bin/ast-grep" ] && ASTGREP=$TOOLDIR/node_modules/.bin/ast-grep
    fi
    [ -n "$ASTGREP" ] || log "ast-grep unavailable: skipped" ;;
  semgrep)
    if command -v semgrep >/dev/null 2>&1; then
      SEMGREP=$(command -v semgrep)
    else
      [ -x "$TOOLDIR/venv/bin/semgrep" ] ||
        { log "installing semgrep (pip, in $TOOLDIR/venv)"; { python3 -m venv "$TOOLDIR/venv" && "$TOOLDIR/venv/bin/pip" install semgrep; } >"$OUT/pip.log" 2>&1 || true; }
      [ -x "$TOOLDIR/venv/bin/semgrep" ] && SEMGREP=$TOOLDIR/venv/bin/semgrep
    fi
    [ -n "$SEMGREP" ] || log "semgrep unavailable: skipped" ;;
  esac
done

# --- siglint ---------------------------------------------------------------------------------
busy_percent() { # CPU use by anything over 2 seconds, from /proc/stat
  local a b
  read -ra a </proc/stat
  sleep 2
  read -ra b </proc/stat
  local idle=$(((b[4] + b[5]) - (a[4] + a[5])))
  local total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
  echo $((total > 0 ? 100 * (total - idle) / total : 0))
}
wait_quiet() {
  # Other sessions build and test in the same tree; a running rustc takes both cores.
  local waited=0
  while pgrep -x rustc >/dev/null 2>&1 || [ "$(busy_percent)" -gt 15 ]; do
    if [ "$waited" -ge "$QUIET_WAIT" ]; then
      log "a build is still running after ${QUIET_WAIT}s: timing anyway (numbers may be disturbed)"
      echo "$1" >>"$OUT/disturbed"
      return 0
    fi
    [ "$waited" -eq 0 ] && log "waiting for a running build to finish"
    sleep 5
    waited=$((waited + 5))
  done
}

log "building siglint (release)"
(cd "$ROOT" && cargo build --release --locked -q 2>"$OUT/build.log") || { cat "$OUT/build.log" >&2; exit 2; }
# A private copy: other sessions may rebuild target/release/siglint while we measure.
BIN=$OUT/siglint
cp "$ROOT/target/release/siglint" "$BIN"
# The commit measured, "+changes" when the sources differ from it (bench/ itself does not count).
SIGLINT_REV=$(cd "$ROOT" && { git rev-parse --short HEAD 2>/dev/null || echo unknown; })
(cd "$ROOT" && git diff --quiet HEAD -- src Cargo.toml Cargo.lock 2>/dev/null) || SIGLINT_REV="$SIGLINT_REV+changes"

# The prefilter literals, read from src/prefilter.rs so that rg searches the same set.
RG_PATTERN=$(python3 - "$ROOT/src/prefilter.rs" <<'EOF'
import re, sys
src = open(sys.argv[1]).read()
m = re.search(r"LITERALS\s*:\s*\[&str;\s*\d+\]\s*=\s*\[(.*?)\];", src, re.S)
lits = re.findall(r'"([^"]*)"', m.group(1)) if m else ["sdkKey", "tokenExp", "hmac", "Hmac", "HMAC", "ZoomMtg", "mn"]
word = set()
for k in re.findall(r"const\s+\w+\s*:\s*usize\s*=\s*(\d+)\s*;", src):
    if int(k) < len(lits):
        word.add(lits[int(k)])
if not m:
    word = {"mn"}
print("|".join((r"\b" + re.escape(l) + r"\b") if l in word else re.escape(l) for l in lits))
EOF
)
log "rg pattern (src/prefilter.rs): $RG_PATTERN"

# --- corpus ----------------------------------------------------------------------------------
REAL=0
if [ $# -ge 1 ]; then
  CORPUS=$(cd "$1" && pwd)
  REAL=1
else
  CORPUS=$CORPORA/s$SCALE
  log "generating corpus (scale $SCALE) in $CORPUS"
  python3 "$BENCH/gen_corpus.py" "$CORPUS" --scale "$SCALE" --seed "$SEED" 2>&1 | tee "$OUT/corpus.txt" >&2
fi

# --- measurements ----------------------------------------------------------------------------
# hf NAME RUNS WARMUP COMMAND: hyperfine (output to /dev/null, no shell); then one run under
# /usr/bin/time -v for the peak RSS.
pgpgin_kb() { # kilobytes the kernel has read from disk since boot
  awk '/^pgpgin /{print $2}' /proc/vmstat
}
cpu_jiffies() { # busy jiffies of the whole machine
  local a
  read -ra a </proc/stat
  echo $((a[1] + a[2] + a[3] + a[6] + a[7] + a[8]))
}
hf() {
  local name=$1 runs=$2 warmup=$3 cmd=$4 attempt other
  for attempt in 1 2 3; do
    wait_quiet "$name"
    log "timing $name: $cmd"
    local before after
    before=$(cpu_jiffies)
    local read_before
    read_before=$(pgpgin_kb)
    hyperfine -N -i --style basic --runs "$runs" --warmup "$warmup" --export-json "$OUT/$name.json" "$cmd" >"$OUT/$name.hyperfine.txt" 2>&1 ||
      { cat "$OUT/$name.hyperfine.txt" >&2; return 0; }
    after=$(cpu_jiffies)
    # Bytes read from disk during the runs (warm-up included): 0 when the page cache held it all.
    echo $(($(pgpgin_kb) - read_before)) >"$OUT/$name.diskread"
    grep -E "Time|Range" "$OUT/$name.hyperfine.txt" >&2 || true
    # CPU that others used meanwhile: the machine's busy time minus what hyperfine measured
    # for the runs (warm-up runs are assumed to cost as much as a measured run).
    other=$(python3 - "$OUT/$name.json" "$((after - before))" "$(getconf CLK_TCK)" "$runs" "$warmup" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
busy = int(sys.argv[2]) / int(sys.argv[3])
n, w = int(sys.argv[4]), int(sys.argv[5])
ours = (r["user"] + r["system"]) * (n + w)
wall = sum(r["times"]) + r["mean"] * w
print(max(0, round(100 * (busy - ours) / max(wall, 1e-9))))
PY
)
    echo "$other" >"$OUT/$name.other"
    # more than a fifth of a core used by something else: measure again
    if [ "$other" -le 20 ]; then break; fi
    log "$name: other processes used ${other}% of a core meanwhile (attempt $attempt)"
    [ "$attempt" -eq 3 ] && echo "$name(${other}%)" >>"$OUT/disturbed"
  done
  rss "$name" "$cmd"
}
rss() {
  # `exec`: the measured process replaces the shell, so the peak is the tool's own.
  /usr/bin/time -v -o "$OUT/$1.time" bash -c "exec $2" >/dev/null 2>&1 || true
  sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/$1.time" >"$OUT/$1.rss"
}

bytes_of() { # bytes and files that siglint and rg see (rg --files honours the same ignore rules)
  local files bytes
  files=$(rg --files "$1" | wc -l)
  bytes=$(rg --files -0 "$1" | du -cb --files0-from=- 2>/dev/null | tail -1 | cut -f1)
  echo "$files $bytes"
}
read -r NFILES NBYTES < <(bytes_of "$CORPUS")
echo "$NFILES $NBYTES" >"$OUT/corpus.size"

hf siglint "$RUNS" "$WARMUP" "$BIN check --format json $CORPUS"
hf rg-l "$RUNS" "$WARMUP" "rg -l '$RG_PATTERN' $CORPUS"
hf rg-c "$RUNS" "$WARMUP" "rg -c . $CORPUS"
if [ -n "$ASTGREP" ]; then
  hf ast-grep "$SLOW_RUNS" 0 "$ASTGREP scan -c $BENCH/rules/ast-grep/sgconfig.yml --json=compact $CORPUS"
fi
if [ -n "$SEMGREP" ]; then
  hf semgrep "$SLOW_RUNS" 0 "$SEMGREP scan --config $BENCH/rules/semgrep/sdk-payload.yml --metrics=off --disable-version-check --no-git-ignore -j $(nproc) --json --quiet $CORPUS"
fi
hf siglint-j1 "$RUNS" "$WARMUP" "$BIN check -j 1 --format json $CORPUS"
hf siglint-j2 "$RUNS" "$WARMUP" "$BIN check -j 2 --format json $CORPUS"

# One small file, the pre-commit case: a JavaScript file with signature code (parsed and
# evaluated) and one without (prefiltered), each 2-8 KB.
if [ "$REAL" -eq 0 ]; then
  SMALL_SITE=$(python3 - "$CORPUS" <<'EOF'
import json, os, sys
c = sys.argv[1]
m = json.load(open(c.rstrip("/") + ".manifest.json"))
best = None
for s in m["sites"]:
    p = os.path.join(c, s["path"])
    if s["lang"] == "js" and s["expect"] and 2000 <= os.path.getsize(p) <= 8000:
        best = p
        break
print(best or "")
EOF
)
else
  SMALL_SITE=$(rg -l -t js -t ts -t php -t py -t ruby -t java "$RG_PATTERN" "$CORPUS" 2>/dev/null |
    while read -r f; do s=$(stat -c %s "$f"); [ "$s" -ge 2000 ] && [ "$s" -le 8000 ] && { echo "$f"; break; }; done || true)
fi
SMALL_PLAIN=$(rg --files -t js -t php -t py "$CORPUS" | while read -r f; do s=$(stat -c %s "$f"); [ "$s" -ge 2000 ] && [ "$s" -le 8000 ] && { echo "$f"; break; }; done || true)
[ -n "$SMALL_SITE" ] && hf small-site "$SMALL_RUNS" 10 "$BIN check $SMALL_SITE"
[ -n "$SMALL_PLAIN" ] && hf small-plain "$SMALL_RUNS" 10 "$BIN check $SMALL_PLAIN"
echo "${SMALL_SITE#"$CORPUS"/}" >"$OUT/small-site.path"
echo "${SMALL_PLAIN#"$CORPUS"/}" >"$OUT/small-plain.path"

if [ "$REAL" -eq 0 ]; then
  # Planted sites: does siglint report each defect and stay silent on the rest?
  "$BIN" check --format json "$CORPUS" >"$OUT/findings.json" || true
  python3 "$BENCH/gen_corpus.py" "$CORPUS" --verify "$OUT/findings.json" >"$OUT/verify.md" || true
  # Linearity: the same generator at BIG_SCALE.
  if [ "$BIG_SCALE" != "0" ]; then
    BIG=$CORPORA/s$BIG_SCALE
    log "generating corpus (scale $BIG_SCALE) in $BIG"
    python3 "$BENCH/gen_corpus.py" "$BIG" --scale "$BIG_SCALE" --seed "$SEED" 2>&1 | tee "$OUT/corpus-big.txt" >&2
    read -r BFILES BBYTES < <(bytes_of "$BIG")
    echo "$BFILES $BBYTES" >"$OUT/big.size"
    hf big-siglint "$RUNS" "$BIG_WARMUP" "$BIN check --format json $BIG"
    hf big-rg-l "$RUNS" "$BIG_WARMUP" "rg -l '$RG_PATTERN' $BIG"
  fi
fi

# --- machine and report ----------------------------------------------------------------------
{
  echo "cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "cores=$(nproc)"
  echo "mem=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "kernel=$(uname -sr)"
  echo "rg=$(rg --version 2>/dev/null | head -1)"
  echo "hyperfine=$(hyperfine --version)"
  [ -n "$ASTGREP" ] && echo "ast-grep=$("$ASTGREP" --version)"
  [ -n "$SEMGREP" ] && echo "semgrep=semgrep $("$SEMGREP" --version 2>/dev/null)"
  echo "siglint=$SIGLINT_REV (at build time)"
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "corpus=$CORPUS"
  echo "real=$REAL"
  echo "scale=$SCALE"
  echo "big_scale=$BIG_SCALE"
  echo "runs=$RUNS"
  echo "warmup=$WARMUP"
  echo "big_warmup=$BIG_WARMUP"
  echo "rg_pattern=$RG_PATTERN"
} >"$OUT/meta.txt"
python3 "$BENCH/report.py" "$OUT" | tee "$RESULTS"
log "raw data in $OUT; summary in $RESULTS"

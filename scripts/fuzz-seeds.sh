#!/usr/bin/env bash
# Measures which of present's generated fuzz seeds (r59Seeds) add coverage and writes
# present/testdata/fuzzseeds.txt, the lists r67TesttimeSeeds adds while fuzzing. For each
# target it gathers the fuzzer's baseline coverage over every seed (SPICE_FUZZ_EVERY_SEED=1),
# one worker, an empty fuzz cache, with GODEBUG=fuzzdebug=1 (which prints each input's new
# coverage bits, in the order the target added them, then its testdata/fuzz files) and keeps a
# generated seed when one of its inputs added a bit. Then it
# gathers the baseline again with the lists and prints the coverage bits of both runs.
# Run it when a target's generated seeds change (the fuzz step's log then says "holds no list").
#
#   scripts/fuzz-seeds.sh [TARGET...]   (default: every target that has generated seeds)
set -euo pipefail
all="FuzzMaskSpicepod FuzzMaskParam FuzzMaskText FuzzMaskInvisible FuzzMaskLogLinesCoversOld FuzzMaskedSpans"
case "${1:-}" in
-h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
cd "$(dirname "$0")/../present"
targets=${*:-$all}
# A name that is none of them ran no seed and stopped silently at the first grep -c.
for t in $targets; do
  case " $all " in
  *" $t "*) ;;
  *) echo "scripts/fuzz-seeds.sh: $t is not one of present's fuzz targets with generated seeds: $all" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
list=testdata/fuzzseeds.txt
new="$work/fuzzseeds.txt"
[ -f "$list" ] && grep -v -E "^($(echo "$targets" | tr ' ' '|')) " "$list" >"$new" || true

# baseline TARGET LOG: the fuzzer's baseline over the target's seeds, and only it (its count,
# n: each input of the baseline counts as one of -fuzztime's).
baseline() {
  n=$(go test -count=1 -run "^$1\$" -v . | grep -c "^=== RUN   $1/")
  rm -rf "$work/cache"
  GODEBUG=fuzzdebug=1 go test -count=1 -run XXX -fuzz "^$1\$" -fuzztime "${n}x" -parallel 1 . \
    -args -test.fuzzcachedir="$work/cache" >"$2" 2>&1
}

for t in $targets; do
  SPICE_FUZZ_EVERY_SEED=1 baseline "$t" "$work/$t.all"
  # "fuzzseeds: target digest base len" per slice; "fuzzseeds-added: target count equal..."
  # after each, the target's seeds so far and those equal to one before them (which the fuzzer
  # replays once); "processed an initial input, ... new bits: B" per input the fuzzer replays:
  # the target's seeds (seed#0 on) first, then its files. A slice's seed i is the seeds
  # base+m*i to base+m*i+m-1, m the seeds each of its seeds adds (the next slice's base, or the
  # count of seeds, tells).
  awk -v t="$t" '
    $1 == "fuzzseeds:" && $2 == t { n++; digest[n] = $3; base[n] = $4; len[n] = $5 }
    $1 == "fuzzseeds-added:" && $2 == t { seeds = $3; delete equal; for (k = 4; k <= NF; k++) equal[$k] = 1 }
    /processed an initial input, / {
      match($0, /new bits: [0-9]+/); bits = substr($0, RSTART + 10, RLENGTH - 10) + 0
      line[seen++] = bits
    }
    END {
      # The fuzzer'\''s lines, seed by seed: an equal seed has none.
      for (id = 0; id < seeds; id++) {
        if (id in equal) continue
        if (at >= seen) { print t ": the fuzzer replayed fewer inputs than the target added" > "/dev/stderr"; exit 1 }
        if (line[at++] > 0) added[id] = 1
      }
      for (j = 1; j <= n; j++) {
        end = (j < n) ? base[j + 1] : seeds
        m = int((end - base[j]) / len[j])
        if (base[j] < 0 || m < 1 || (end - base[j]) % len[j] != 0) {
          print "cannot tell " t "'\''s seeds apart (base " base[j] ", " len[j] " seeds, end " end ")" > "/dev/stderr"; exit 1
        }
        out = t " " digest[j]
        for (i = 0; i < len[j]; i++) {
          for (k = 0; k < m; k++) if (added[base[j] + m * i + k]) { out = out " " i; break }
        }
        print out
      }
    }' "$work/$t.all" >>"$new"
done
cp "$new" "$list"

for t in $targets; do
  baseline "$t" "$work/$t.kept"
  for run in all kept; do
    printf '%s (%s seeds): ' "$t" "$run"
    grep -o 'finished processing input corpus, entries: [0-9]*, initial coverage bits: [0-9]*' "$work/$t.$run" || echo "no baseline (see the log)"
  done
done

#!/usr/bin/env bash
# Runs every scenario (or the ones named) against the current kube context, one `netpol-probe run` per
# scenario, each writing its result JSON to DIR/LABEL/NAME.json (and its output to NAME.log); goes on past
# failures, prints a summary, and gathers the documents into DIR/LABEL.json for `netpol-probe compare`.
#
# Exit status: 0 when every run finished (violations are data, reported in the summary); 1 when a run
# failed (exit 2 bad input, 3 target failure, or anything else), or with --fail-on-violation when a run
# found a violation; 2 on bad usage; 130 when interrupted.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly ROOT

usage() {
  cat <<'EOF'
Usage: scripts/conformance.sh [--out DIR] [--label LABEL] [--context NAME] [--fail-on-violation] [SCENARIO...]

Runs each scenario with `npx netpol-probe run SCENARIO --target kube --out DIR/LABEL/NAME.json`.
SCENARIO is a scenario file or a folder searched for them; default: every scenario under scenarios/.

Options:
  --out DIR             where results go (default: results)
  --label LABEL         the run's name, e.g. the CNI (default: the kube context's name)
  --context NAME        the kubeconfig context to use (default: the current one)
  --fail-on-violation   exit 1 when a run finds a violation (default: report it, exit 0)
  -h, --help            this text

Environment: NETPOL_PROBE, the command to run instead of `npx --no -- netpol-probe`
(e.g. "kubectl netpol-probe" for the installed kubectl plugin).

Writes DIR/LABEL/NAME.json and NAME.log per scenario, and DIR/LABEL.json holding every document, for
  npx netpol-probe compare DIR/*.json --output markdown
EOF
}

die() {
  printf 'conformance: %s\n' "$*" >&2
  exit 1
}

die_usage() {
  printf 'conformance: %s\n' "$*" >&2
  printf "Try 'scripts/conformance.sh --help'.\n" >&2
  exit 2
}

out=results
label=""
context=""
fail_on_violation=false
targets=()
while (($# > 0)); do
  case $1 in
  -h | --help)
    usage
    exit 0
    ;;
  --out | --label | --context)
    (($# >= 2)) || die_usage "$1 needs a value"
    case $1 in
    --out) out=$2 ;;
    --label) label=$2 ;;
    --context) context=$2 ;;
    esac
    shift
    ;;
  --out=*) out=${1#--out=} ;;
  --label=*) label=${1#--label=} ;;
  --context=*) context=${1#--context=} ;;
  --fail-on-violation) fail_on_violation=true ;;
  --) ;;
  -*) die_usage "unknown option $1" ;;
  *) targets+=("$1") ;;
  esac
  shift
done

cd "$ROOT"
command -v node >/dev/null 2>&1 || die "node not found: install Node.js 22 or later"
if [[ -n ${NETPOL_PROBE:-} ]]; then
  read -r -a probe <<<"$NETPOL_PROBE"
else
  probe=(npx --no -- netpol-probe)
fi
"${probe[@]}" --version >/dev/null 2>&1 || die "'${probe[*]} --version' failed: run 'npm ci' in $ROOT first (or set NETPOL_PROBE)"

if [[ -z $label ]]; then
  if [[ -n $context ]]; then
    label=$context
  elif command -v kubectl >/dev/null 2>&1; then
    label=$(kubectl config current-context 2>/dev/null || true)
  fi
  label=${label:-kube}
fi
label=$(printf '%s' "$label" | tr -c 'A-Za-z0-9._-' '-')
[[ $label != . && $label != .. ]] || die_usage "--label: not a usable folder name"

# Scenario files: the files named, and in each folder every *.yaml that is a netpol-probe Scenario
# (policies/ holds plain NetworkPolicy manifests and is skipped).
((${#targets[@]} > 0)) || targets=(scenarios)
files=()
for target in "${targets[@]}"; do
  if [[ -d $target ]]; then
    while IFS= read -r file; do
      grep -q '^kind: Scenario[[:space:]]*$' "$file" && files+=("$file")
    done < <(find "$target" -path '*/policies' -prune -o -type f -name '*.yaml' -print | LC_ALL=C sort)
  elif [[ -f $target ]]; then
    files+=("$target")
  else
    die_usage "no such scenario file or folder: $target"
  fi
done
((${#files[@]} > 0)) || die_usage "no scenarios found in: ${targets[*]}"

run_dir=$out/$label
mkdir -p "$run_dir"
context_args=()
[[ -z $context ]] || context_args=(--context "$context")

# A result name per scenario: its file name, made unique with its folder when two share one.
used=$'\n'
result_name() {
  local base candidate
  base=$(basename "$1")
  base=${base%.yaml}
  candidate=$base
  if [[ $used == *$'\n'"$candidate"$'\n'* ]]; then
    candidate=$(dirname "$1" | tr '/' '-')-$base
    candidate=${candidate#.-}
  fi
  used+=$candidate$'\n'
  printf '%s' "$candidate"
}

describe_exit() {
  case $1 in
  0) echo "ok" ;;
  1) echo "violations" ;;
  skipped) echo "skipped (no ClusterNetworkPolicy on the cluster)" ;;
  2) echo "bad input" ;;
  3) echo "target failed" ;;
  130) echo "interrupted" ;;
  *) echo "exit $1" ;;
  esac
}

echo "conformance: ${#files[@]} scenario(s) against ${context:-the current context}, results in $run_dir/"
names=()
codes=()
interrupted=false
trap 'interrupted=true' INT
index=0
for file in "${files[@]}"; do
  index=$((index + 1))
  name=$(result_name "$file")
  started=$SECONDS
  printf '[%d/%d] %s ... ' "$index" "${#files[@]}" "$file"
  rc=0
  rm -f "$run_dir/$name.json"
  "${probe[@]}" run "$file" --target kube --out "$run_dir/$name.json" ${context_args[@]+"${context_args[@]}"} \
    >"$run_dir/$name.log" 2>&1 </dev/null || rc=$?
  if ((rc == 3)) && grep -q 'the cluster does not serve ClusterNetworkPolicy' "$run_dir/$name.log"; then
    rc=skipped
    rm -f "$run_dir/$name.json"
  fi
  printf '%s (%ds)\n' "$(describe_exit "$rc")" $((SECONDS - started))
  if [[ $rc != skipped ]] && ((rc >= 2)); then sed 's/^/    /' "$run_dir/$name.log" | tail -n 5; fi
  names+=("$name")
  codes+=("$rc")
  if [[ $interrupted == true || $rc == 130 ]]; then
    interrupted=true
    echo "conformance: interrupted; the remaining scenarios are not run" >&2
    break
  fi
done
trap - INT

# Every result document of this run in one file (the roll-up document `run --out` writes, built by the
# same code), and each run's counts for the summary.
results=()
for name in "${names[@]}"; do
  [[ ! -f $run_dir/$name.json ]] || results+=("$run_dir/$name.json")
done
details=""
if ((${#results[@]} > 0)); then
  details=$(
    node - "$ROOT" "$out/$label.json" "${results[@]}" <<'EOF'
const fs = require('node:fs');
const { pathToFileURL } = require('node:url');
const [root, merged, ...files] = process.argv.slice(2);
const documents = [];
for (const file of files) {
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`conformance: ${file}: not a result document (${error.message}); left out of ${merged}`);
    continue;
  }
  // The roll-up `run --out` writes; an array or a single document from before it.
  const docs = parsed?.kind === 'results' ? parsed.results : Array.isArray(parsed) ? parsed : [parsed];
  documents.push(...docs);
  const line = docs.map((doc) => {
    const s = doc.summary ?? {};
    const fingerprint = doc.fingerprint ? `, fingerprint ${doc.fingerprint.deviations.join(',') || '(none)'}` : '';
    const notProbed = s.notProbed ? `, ${s.notProbed} not probed` : '';
    return `${s.cells ?? 0} cells, ${s.violations ?? 0} violations, ${s.divergences ?? 0} divergences, ${s.probeErrors ?? 0} probe errors${notProbed}${fingerprint}`;
  });
  console.log(`${file}\t${line.join('; ')}`);
}
if (documents.length > 0) {
  import(pathToFileURL(`${root}/src/report/result-set.ts`).href).then(({ buildResultSet }) => {
    fs.writeFileSync(merged, `${JSON.stringify(buildResultSet(documents), null, 2)}\n`);
    console.error(`conformance: wrote ${merged} (${documents.length} result documents)`);
  });
}
EOF
  ) || echo "conformance: could not gather the result documents" >&2
else
  echo "conformance: no run wrote a result document" >&2
fi

failed=0
violating=0
skipped=0
echo
echo "conformance summary ($label):"
for i in "${!names[@]}"; do
  detail=$(printf '%s\n' "$details" | awk -F '\t' -v file="$run_dir/${names[$i]}.json" '$1 == file { print $2 }')
  printf '  %-45s %-14s %s\n' "${names[$i]}" "$(describe_exit "${codes[$i]}")" "$detail"
  case ${codes[$i]} in
  0) ;;
  1) violating=$((violating + 1)) ;;
  skipped) skipped=$((skipped + 1)) ;;
  *) failed=$((failed + 1)) ;;
  esac
done
echo "  ${#names[@]} run: $((${#names[@]} - failed - violating - skipped)) clean, $violating with violations, $failed failed$( ((skipped == 0)) || echo ", $skipped skipped")"

if [[ $interrupted == true ]]; then exit 130; fi
if ((failed > 0)); then exit 1; fi
if ((violating > 0)) && [[ $fail_on_violation == true ]]; then exit 1; fi
exit 0

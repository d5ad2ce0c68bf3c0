// The help text: commands, common flags, exit codes.
import { DEVIATION_DESCRIPTIONS, DEVIATIONS } from '../engine/deviations.ts';

/** `netpol-probe --help`. */
export const renderUsage = (): string => `netpol-probe — does your CNI enforce NetworkPolicies the way the spec says?

Usage:
  netpol-probe run SCENARIO... [--target kube|local]   deploy, apply each step, probe, diff, report
  netpol-probe predict SCENARIO...                     the spec's matrices, no cluster needed
  netpol-probe explain SCENARIO --from NS/POD --to NS/POD|external/NAME --port PORT[/PROTO] [--step NAME]
  netpol-probe validate FILE...                        scenarios or NetworkPolicy manifests
  netpol-probe compare RESULT.json... [--output table|markdown|html|json]   side-by-side conformance of runs
  netpol-probe report RESULT.json --format table|html|markdown|junit|json   render a saved result
  netpol-probe generate --out DIR [--tags a,b]         write the feature-tagged conformance cases
  netpol-probe cleanup [--target kube|local] [--run-id ID | --all]   remove finished runs' leftovers

SCENARIO may be a directory: every scenario in it, recursively; tags are then summarised.

Flags:
  --target kube|local        default: kube when a kubeconfig context exists, else local
  --kubeconfig FILE, --context NAME
  -o, --output table|json|junit|markdown|html
  --image IMAGE              kube: the agnhost image (for mirrors)
  --via pod|service          kube: probe pod IPs (default) or one ClusterIP Service per pod
  --external NAME=IP         kube: external NAME is really at IP (repeatable); without it, or a lab
                             that provisions it, its cells are not-probed (docs/kube-externals.md).
                             Link-local and cloud metadata addresses are refused
  --out FILE                 write the result JSON (one shape for 1 or many scenarios; also on failure)
  --timeout 1s               probe timeout
  --probe-method agnhost|curl|nc
  --deviations a,b           local target: behave like a CNI with these gaps; predict: predict under them
  --step NAME                only these steps (repeatable)
  --keep                     leave the world in place after the run
  --strict                   divergences and probe errors fail the run too
  --family IPv4|IPv6         explain: the address family (default IPv4)
  --kube-version 1.35        validate policies as that API server does (default 1.36: no host bits,
                             leading zeros or IPv4-mapped IPv6 in ipBlock CIDRs)
  --no-color

Deviations:
${DEVIATIONS.map((d) => `  ${d.padEnd(22)} ${DEVIATION_DESCRIPTIONS[d]}`).join('\n')}

Exit codes: 0 no violation, 1 a violation (or a failed expect), 2 bad input or usage,
3 the target failed, 130 interrupted.
`;

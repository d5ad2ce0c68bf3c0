// Every ipBlock of a NetworkPolicy body, validated by the fake's own ValidateIPBlock (ipblock-validation.ts),
// as `field: message` causes with the API server's paths. Test code only.
import { validateIpBlock } from './ipblock-validation.ts';

export interface PolicyCause {
  readonly field: string;
  readonly message: string;
}

type Json = Record<string, unknown>;
const record = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The causes for every ipBlock in spec.ingress[].from[] and spec.egress[].to[], in upstream's order. */
export const ipBlockCauses = (body: unknown, strict: boolean): PolicyCause[] => {
  const spec = record(record(body)['spec']);
  const causes: PolicyCause[] = [];
  for (const [rules, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    list(spec[rules]).forEach((rule, ruleIndex) => {
      list(record(rule)[peers]).forEach((peer, peerIndex) => {
        const block = record(peer)['ipBlock'];
        if (block === undefined || block === null) return;
        const cidr = record(block)['cidr'];
        const except = list(record(block)['except']).filter((entry): entry is string => typeof entry === 'string');
        const at = `spec.${rules}[${String(ruleIndex)}].${peers}[${String(peerIndex)}].ipBlock`;
        for (const [field, message] of validateIpBlock(typeof cidr === 'string' ? cidr : '', except, strict)) {
          causes.push({ field: `${at}.${field}`, message });
        }
      });
    });
  }
  return causes;
};

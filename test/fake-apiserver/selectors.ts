// Label and field selectors as list and watch requests send them (equality-based and set-based).

type Labels = Readonly<Record<string, string>>;

export type Requirement =
  | { readonly op: 'eq' | 'ne'; readonly key: string; readonly value: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'exists' | 'absent'; readonly key: string };

/** Split on commas outside parentheses. */
const splitTerms = (text: string): string[] => {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') terms.push(current);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
};

/** Parse `a=b,c!=d,e in (x,y),!f,g`; throws on what it cannot read. */
export const parseSelector = (text: string | null): Requirement[] =>
  splitTerms(text ?? '').map((term): Requirement => {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set !== null) {
      const [, key, op, values] = set as unknown as [string, string, 'in' | 'notin', string];
      return {
        op,
        key,
        values: values
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== ''),
      };
    }
    const ne = /^([^\s!=]+)\s*!=\s*(.*)$/.exec(term);
    if (ne !== null) return { op: 'ne', key: ne[1] ?? '', value: ne[2] ?? '' };
    const eq = /^([^\s!=]+)\s*==?\s*(.*)$/.exec(term);
    if (eq !== null) return { op: 'eq', key: eq[1] ?? '', value: eq[2] ?? '' };
    if (term.startsWith('!')) return { op: 'absent', key: term.slice(1).trim() };
    if (/^[^\s!=(),]+$/.test(term)) return { op: 'exists', key: term };
    throw new Error(`unable to parse requirement: ${JSON.stringify(term)}`);
  });

/** Whether a set of labels (or fields) satisfies every requirement. */
export const matchesSelector = (requirements: readonly Requirement[], labels: Labels): boolean =>
  requirements.every((r) => {
    const value = labels[r.key];
    switch (r.op) {
      case 'eq':
        return value === r.value;
      case 'ne':
        return value !== r.value;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
      case 'exists':
        return value !== undefined;
      case 'absent':
        return value === undefined;
      default:
        return false;
    }
  });

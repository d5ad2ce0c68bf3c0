// Name, label and port checks as the API server makes them, transcribed for the fake API server from
// k8s.io/apimachinery v0.36.4 and written apart from the project's src/engine/names.ts so that one
// checks the other. Test code only.
//   pkg/api/validate/content/kube.go   IsLabelKey (= IsQualifiedName), IsLabelValue
//   pkg/api/validate/content/dns.go    IsDNS1123Label, IsDNS1123Subdomain
//   pkg/util/validation/validation.go  IsValidPortNum, IsValidPortName, MaxLenError, RegexError
//   pkg/api/validation/generic.go      NameIsDNSSubdomain, maskTrailingDash

const maxLenError = (length: number): string => `must be no more than ${String(length)} characters`;
/** content.MaxLenError (label keys and values, a key's prefix) counts bytes and says so. */
const maxLenBytesError = (length: number): string => `must be no more than ${String(length)} bytes`;

/** RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`, spacing as Go writes it. */
const regexError = (message: string, format: string, ...examples: string[]): string => {
  if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
  return `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
};

/** Go's len(): bytes of the UTF-8 encoding. */
const byteLength = (value: string): number => Buffer.byteLength(value, 'utf8');

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const dns1123Label = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123Subdomain = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

export const isDns1123Label = (value: string): string[] => {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenError(63));
  if (!dns1123Label.test(value)) {
    errors.push(
      dns1123Subdomain.test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL_FMT,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errors;
};

export const isDns1123Subdomain = (value: string, tooLong = maxLenError): string[] => {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(tooLong(253));
  if (!dns1123Subdomain.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_FMT,
        'example.com',
      ),
    );
  }
  return errors;
};

/** NameIsDNSSubdomain; a generateName prefix has maskTrailingDash applied (its last TWO bytes become "a"). */
export const nameIsDnsSubdomain = (name: string, prefix: boolean): string[] =>
  isDns1123Subdomain(prefix && name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name);

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKey = new RegExp(`^${LABEL_KEY_FMT}$`);

/** IsLabelKey (IsQualifiedName): an optional DNS-subdomain prefix and '/', then a name of at most 63. */
export const isQualifiedName = (value: string): string[] => {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0] ?? '';
  else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix === '') errors.push('prefix part must be non-empty');
    else errors.push(...isDns1123Subdomain(prefix, maxLenBytesError).map((message) => `prefix part ${message}`));
  } else {
    return [
      `a valid label key ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxLenBytesError(63)}`);
  if (!labelKey.test(name))
    errors.push(`name part ${regexError(LABEL_KEY_MESSAGE, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errors;
};

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const labelValue = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** IsLabelValue: empty, or at most 63 of [-A-Za-z0-9_.] starting and ending alphanumeric. */
export const isValidLabelValue = (value: string): string[] => {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLenBytesError(63));
  if (!labelValue.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE_FMT,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
};

export const isValidPortNum = (port: number): string[] =>
  port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];

/** IsValidPortName: an IANA service name (at most 15 of [-a-z0-9], a letter, no `--`, no hyphen at an end). */
export const isValidPortName = (port: string): string[] => {
  const errors: string[] = [];
  if (byteLength(port) > 15) errors.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errors.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errors.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
};

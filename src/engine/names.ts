// Name syntax as apimachinery's pkg/util/validation checks it: same regexes, byte lengths and messages.
// Each check returns the API server's messages; an empty list means the value is valid.

const maxLenError = (length: number): string => `must be no more than ${length} characters`;
/** The same limit as pkg/api/validate/content words it (label keys and values, a key's prefix): in bytes. */
const maxLenBytesError = (length: number): string => `must be no more than ${length} bytes`;

/** apimachinery's RegexError, double space after each example included. */
const regexError = (message: string, pattern: string, ...examples: readonly string[]): string =>
  examples.length === 0
    ? `${message} (regex used for validation is '${pattern}')`
    : `${message} (e.g. ${examples.map((example) => `'${example}', `).join(' or ')}regex used for validation is '${pattern}')`;

const EMPTY_ERROR = 'must be non-empty';

/** Go measures strings with len(), in UTF-8 bytes; so do the limits here. */
export const utf8ByteLength = (text: string): number => {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
};

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_ERR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_LABEL_MAX = 63;
const dns1123LabelRegexp = new RegExp(`^${DNS1123_LABEL_FMT}$`);

const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_ERR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_MAX = 253;
const dns1123SubdomainRegexp = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** IsDNS1123Label: namespace names. */
export const isDns1123Label = (value: string): string[] => {
  const errors: string[] = [];
  if (utf8ByteLength(value) > DNS1123_LABEL_MAX) errors.push(maxLenError(DNS1123_LABEL_MAX));
  if (!dns1123LabelRegexp.test(value)) {
    errors.push(
      dns1123SubdomainRegexp.test(value)
        ? 'must not contain dots'
        : regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, 'my-name', '123-abc'),
    );
  }
  return errors;
};

/** IsDNS1123Subdomain: object names (a NetworkPolicy's metadata.name) and label-key prefixes. */
export const isDns1123Subdomain = (value: string, tooLong = maxLenError): string[] => {
  const errors: string[] = [];
  if (utf8ByteLength(value) > DNS1123_SUBDOMAIN_MAX) errors.push(tooLong(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123SubdomainRegexp.test(value)) {
    errors.push(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  }
  return errors;
};

const QUALIFIED_NAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QUALIFIED_NAME_ERR =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const QUALIFIED_NAME_MAX = 63;
const qualifiedNameRegexp = new RegExp(`^${QUALIFIED_NAME_FMT}$`);

/** IsQualifiedName: label keys, `name` or `prefix/name` with a DNS-subdomain prefix. */
export const isQualifiedName = (value: string): string[] => {
  const errors: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errors.push(`prefix part ${EMPTY_ERROR}`);
    else errors.push(...isDns1123Subdomain(prefix, maxLenBytesError).map((message) => `prefix part ${message}`));
  } else {
    return [
      `a valid label key ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errors.push(`name part ${EMPTY_ERROR}`);
  else if (utf8ByteLength(name) > QUALIFIED_NAME_MAX) errors.push(`name part ${maxLenBytesError(QUALIFIED_NAME_MAX)}`);
  if (!qualifiedNameRegexp.test(name)) {
    errors.push(`name part ${regexError(QUALIFIED_NAME_ERR, QUALIFIED_NAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  }
  return errors;
};

const LABEL_VALUE_FMT = `(${QUALIFIED_NAME_FMT})?`;
const LABEL_VALUE_ERR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MAX = 63;
const labelValueRegexp = new RegExp(`^${LABEL_VALUE_FMT}$`);

/** IsValidLabelValue: label values and selector values; may be empty. */
export const isValidLabelValue = (value: string): string[] => {
  const errors: string[] = [];
  if (utf8ByteLength(value) > LABEL_VALUE_MAX) errors.push(maxLenBytesError(LABEL_VALUE_MAX));
  if (!labelValueRegexp.test(value)) {
    errors.push(regexError(LABEL_VALUE_ERR, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errors;
};

const PORT_NAME_MAX = 15;

/** IsValidPortName: an IANA_SVC_NAME, what a named `port` must be. */
export const isValidPortName = (value: string): string[] => {
  const errors: string[] = [];
  if (utf8ByteLength(value) > PORT_NAME_MAX) errors.push(maxLenError(PORT_NAME_MAX));
  if (!/^[-a-z0-9]+$/.test(value)) {
    errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  }
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
};

/** IsValidPortNum: 1–65535 (a fraction is never a port). */
export const isValidPortNum = (port: number): string[] =>
  Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];

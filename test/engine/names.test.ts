import test from 'ava';
import {
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  utf8ByteLength,
} from '../../src/engine/names.ts';

const LABEL_REGEX_ERROR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_REGEX_ERROR =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const NAME_PART_REGEX_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_REGEX_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

type Check = (value: string) => string[];

const checks = test.macro({
  exec(t, check: Check, value: string, expected: readonly string[]) {
    t.deepEqual(check(value), expected);
  },
  title: (rule = '', check: Check) => `${check.name}: ${rule}`,
});

test('a DNS-1123 label of lowercase alphanumerics and inner dashes is valid', checks, isDns1123Label, 'bank-app-2', []);
test('a 63-character DNS-1123 label is valid', checks, isDns1123Label, 'a'.repeat(63), []);
test('a DNS-1123 label may not exceed 63 characters', checks, isDns1123Label, 'a'.repeat(64), [
  'must be no more than 63 characters',
]);
test('a DNS-1123 label with dots says so', checks, isDns1123Label, 'bank.app', ['must not contain dots']);
test('a DNS-1123 label with uppercase fails the regex', checks, isDns1123Label, 'Bank', [LABEL_REGEX_ERROR]);
test('a DNS-1123 label may not end with a dash', checks, isDns1123Label, 'bank-', [LABEL_REGEX_ERROR]);
test('an empty DNS-1123 label fails the regex', checks, isDns1123Label, '', [LABEL_REGEX_ERROR]);

test('a DNS-1123 subdomain may contain dots', checks, isDns1123Subdomain, 'backend.traffic', []);
test('a DNS-1123 subdomain may not contain underscores', checks, isDns1123Subdomain, 'backend_traffic', [SUBDOMAIN_REGEX_ERROR]);
test('a DNS-1123 subdomain may not exceed 253 characters', checks, isDns1123Subdomain, 'a'.repeat(254), [
  'must be no more than 253 characters',
]);

test('a qualified name may be mixed case with dots and underscores', checks, isQualifiedName, 'My_name.v2', []);
test('a qualified name may have a DNS-subdomain prefix', checks, isQualifiedName, 'kubernetes.io/metadata.name', []);
test('a qualified name with an empty prefix says so', checks, isQualifiedName, '/app', ['prefix part must be non-empty']);
test('a qualified name with an invalid prefix prefixes the subdomain error', checks, isQualifiedName, 'Example.com/app', [
  `prefix part ${SUBDOMAIN_REGEX_ERROR}`,
]);
test('a qualified name with an empty name part reports both problems', checks, isQualifiedName, 'example.com/', [
  'name part must be non-empty',
  NAME_PART_REGEX_ERROR,
]);
// Label keys and values are checked by pkg/api/validate/content (v0.36.4), whose MaxLenError says "bytes".
test('a qualified name part may not exceed 63 bytes', checks, isQualifiedName, 'a'.repeat(64), [
  'name part must be no more than 63 bytes',
]);
test('a qualified name part may not start with a dash', checks, isQualifiedName, '-app', [NAME_PART_REGEX_ERROR]);
test('a qualified name has at most one slash, worded as content.IsLabelKey words it', checks, isQualifiedName, 'a/b/c', [
  "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
]);

test('a label value may be empty', checks, isValidLabelValue, '', []);
test('a label value may be digits only', checks, isValidLabelValue, '12345', []);
test('a label value may not contain a space', checks, isValidLabelValue, 'x y', [LABEL_VALUE_REGEX_ERROR]);
test('a label value may not exceed 63 bytes', checks, isValidLabelValue, 'a'.repeat(64), ['must be no more than 63 bytes']);
test('a label value counts bytes, as Go does', checks, isValidLabelValue, 'é'.repeat(32), [
  'must be no more than 63 bytes',
  LABEL_VALUE_REGEX_ERROR,
]);

test('a port name of 15 lowercase characters is valid', checks, isValidPortName, 'admin-interface', []);
test('a port name may not exceed 15 characters', checks, isValidPortName, 'admin-interfaces', [
  'must be no more than 15 characters',
]);
test('a port name of digits only needs a letter', checks, isValidPortName, '80', ['must contain at least one letter (a-z)']);
test('a port name may not be uppercase', checks, isValidPortName, 'HTTP', [
  'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  'must contain at least one letter (a-z)',
]);
test('a port name may not contain consecutive hyphens', checks, isValidPortName, 'a--b', [
  'must not contain consecutive hyphens',
]);
test('a port name may not begin or end with a hyphen', checks, isValidPortName, '-http', ['must not begin or end with a hyphen']);
test('an empty port name fails the charset and letter rules', checks, isValidPortName, '', [
  'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
  'must contain at least one letter (a-z)',
]);

test('port numbers are valid from 1 to 65535 and only integers', (t) => {
  const RANGE = ['must be between 1 and 65535, inclusive'];
  t.deepEqual(
    [0, 1, 65535, 65536, -80, 80.5].map((port) => isValidPortNum(port)),
    [RANGE, [], [], RANGE, RANGE, RANGE],
  );
});

test('lengths are measured in UTF-8 bytes', (t) => {
  t.deepEqual(['a', 'é', '€', '😀'].map(utf8ByteLength), [1, 2, 3, 4]);
});

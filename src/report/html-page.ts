// The shell of every HTML report: one self-contained page, inline style and script, and a content
// security policy that forbids the page from loading anything at all.

/** Text safe in HTML content and in a quoted attribute value. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );

/** JSON that can sit inside a <script> element: no `<` can close it or open a comment. */
export const renderScriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/** Styles shared by the run report and the comparison: type, colors, header, counts, tables. */
export const BASE_CSS = `
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6572; --line: #d5dae1; --paper: #fff; --ground: #f5f6f8;
  --allow: #c9ead2; --deny: #e3e6eb; --violation: #c62828; --divergence: #f2a33a; --probe-error: #7e3fa8; --not-probed: #f1f3f5; --accent: #1f6feb; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--ground);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
h1 { font-size: 22px; margin: 0 0 4px; display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
h2 { font-size: 17px; margin: 18px 0 6px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
h3 { font-size: 15px; margin: 12px 0 6px; }
.muted, .meta { color: var(--muted); }
.meta { margin: 2px 0 8px; }
header.top { position: sticky; top: 0; z-index: 20; background: var(--paper); border-bottom: 1px solid var(--line);
  padding: 8px 20px; display: flex; gap: 18px; align-items: center; flex-wrap: wrap; }
header.top .brand { font-weight: 700; }
header.top nav a { margin-right: 10px; }
main { padding: 16px 20px 45vh; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin-bottom: 24px; }
.headline { display: inline-block; padding: 1px 10px; border-radius: 999px; font-weight: 600; font-size: 13px; }
.headline.fail, .headline.error { background: #fde7e7; color: #9b1c1c; }
.headline.warn { background: #fff2d6; color: #7a4b00; }
.headline.pass { background: #e2f4e7; color: #14632d; }
.headline.predicted { background: #e6eefc; color: #1949a0; }
.problem { background: #fde7e7; border: 1px solid #f3b4b4; color: #7f1d1d; border-radius: 6px; padding: 6px 10px; font-weight: 600; }
.counts { display: flex; gap: 8px; flex-wrap: wrap; margin: 10px 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 12px; min-width: 92px; color: var(--muted); }
.counts li b { display: block; font-size: 20px; color: var(--ink); }
.counts li.violations.nonzero b { color: var(--violation); }
.counts li.divergences.nonzero b { color: #a15c00; }
.counts li.probe-errors.nonzero b { color: var(--probe-error); }
table.list { border-collapse: collapse; margin: 8px 0; }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 4px 10px 4px 0; text-align: left; vertical-align: top; }
table.list th { color: var(--muted); font-weight: 600; }
table.list td.num, table.list th.num { text-align: right; }
.chip { display: inline-block; border: 1px solid #b9c8e4; background: #f3f7ff; border-radius: 4px; padding: 0 6px; margin: 1px 4px 1px 0; }
.fingerprint { border-left: 4px solid var(--accent); background: #f4f8ff; padding: 8px 14px; margin: 12px 0; border-radius: 0 6px 6px 0; }
.fingerprint p { margin: 4px 0; }
`;

/** A complete page: no network, no external fonts, everything inline. */
export const renderHtmlPage = (page: {
  readonly title: string;
  readonly css: string;
  readonly body: string;
  readonly data?: unknown;
  readonly script?: string;
}): string =>
  [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${BASE_CSS}${page.css}</style>`,
    '</head>',
    '<body>',
    page.body,
    ...(page.data === undefined ? [] : [`<script type="application/json" id="npp-data">${renderScriptJson(page.data)}</script>`]),
    ...(page.script === undefined ? [] : [`<script>${page.script}</script>`]),
    '</body>',
    '</html>',
    '',
  ].join('\n');

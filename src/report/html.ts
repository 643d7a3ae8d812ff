// Small HTML helpers: escaping text and attributes, and quoting a command
// line the way a POSIX shell would read it back.

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, escaped. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** One argument as a shell reads it: bare when safe, else single-quoted. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** An HTML table: header cells and rows of already-escaped cell HTML (a cell may carry attributes, e.g. rowspan). */
export interface Cell {
  html: string;
  /** th for a row label. */
  header?: boolean;
  rowspan?: number;
  className?: string;
}

export function table(head: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const th = head.map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const body = rows
    .map((cells) => {
      const tds = cells.map((c) => {
        const tag = c.header === true ? 'th' : 'td';
        const attrs = [c.header === true ? ' scope="row"' : '', c.rowspan !== undefined && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : '', c.className !== undefined ? ` class="${esc(c.className)}"` : ''].join('');
        return `<${tag}${attrs}>${c.html}</${tag}>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<table${className === '' ? '' : ` class="${esc(className)}"`}>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

// Files the server reads on request: only inside its folder. A request path is
// decoded, resolved against the folder and then resolved again through any
// symbolic links; whatever lands outside the folder (../, an absolute path, a
// link pointing out, a NUL byte) is refused.
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** The real path of `rel` under `root` (itself a real path), or null when it is outside, missing or malformed. */
export function insideFolder(root: string, rel: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || isAbsolute(decoded) || decoded.split(/[\\/]/).includes('..')) return null;
  const joined = resolve(root, decoded);
  if (!under(root, joined)) return null;
  let real: string;
  try {
    real = realpathSync(joined);
  } catch {
    return null;
  }
  return under(root, real) ? real : null;
}

function under(root: string, path: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r) && !r.startsWith(`..${sep}`));
}

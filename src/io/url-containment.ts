/**
 * Keeping a model's files inside its folder on a web server. The manifest's raw paths are checked
 * by checkRelativePath, but the URL parser changes a path after that check: it decodes `%2e%2e` into
 * `..` and strips tabs and newlines (so `\t/\t/host/x` becomes `//host/x`, another origin). So the
 * check that counts runs on the RESOLVED URL: same origin, same credentials, a path under the
 * folder's, and no segment a server would decode into a climb (`..`, `.`, or one holding an encoded
 * slash or backslash).
 */
import { ModelLoadError } from './model-load-error.ts';

/**
 * The URL of `path` resolved against `folder` (a URL ending in `/`), or a {@link ModelLoadError}
 * about `referrer` (the model file naming the path) when it would leave the folder or its origin.
 */
export function insideFolder(path: string, folder: URL, referrer: string): string {
  let resolved: URL;
  try {
    resolved = new URL(path, folder);
  } catch {
    return refuse(path, 'is not a valid URL path', referrer);
  }
  if (resolved.origin !== folder.origin || resolved.username !== folder.username || resolved.password !== folder.password) {
    return refuse(path, `resolves to ${resolved.origin}, another origin than the model's (${folder.origin})`, referrer);
  }
  if (!resolved.pathname.startsWith(folder.pathname)) {
    return refuse(path, `resolves to ${resolved.pathname}, outside the model's folder ${folder.pathname}`, referrer);
  }
  for (const segment of resolved.pathname.slice(folder.pathname.length).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return refuse(path, `holds a malformed escape (${segment})`, referrer);
    }
    if (decoded === '..' || decoded === '.' || decoded.includes('/') || decoded.includes('\\')) {
      return refuse(path, `holds the segment '${segment}', which a server may read as '${decoded}' and leave the model's folder`, referrer);
    }
  }
  return resolved.href;
}

function refuse(path: string, why: string, referrer: string): never {
  throw new ModelLoadError(referrer, `weight path ${JSON.stringify(path)} ${why}; paths must stay inside the model's folder`);
}

/** Query parameters whose values are secrets wherever they appear in a URL (`?token=` of a link, a form sent as a query). */
const SECRET_PARAMS = new Set(['token', 'access', 'refresh', 'password', 'secret', 'key']);

/** `name=value` after `?` or `&`; the value runs to the next parameter, fragment, space or end of a JSON string (escapes kept inside). */
const QUERY_PARAM = /([?&])([^=&#?"\s\\]+)=((?:\\.|[^&#"\s\\])*)/g;

const PUSH_PATH = /(\/api(?:\/v1)?\/push\/)[^/?#"\s\\]+/g;

function isSecretName(name: string): boolean {
  let decoded = name;
  if (name.includes('%')) {
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // Not valid percent-encoding: the server reads it as the literal text.
    }
  }
  return SECRET_PARAMS.has(decoded.toLowerCase());
}

/**
 * The text with the value of every secret query parameter replaced by `[redacted]`. Applied to the access line's
 * URL and to every line the logger writes (a URL can reach a log line through an error message or a handler's
 * own fields), so it works on plain text and on a serialised JSON line alike.
 */
export function redactQuerySecrets(text: string): string {
  // A push monitor's token is its URL's last path segment (/api/push/<token>).
  if (text.includes('/push/')) text = text.replace(PUSH_PATH, '$1[redacted]');
  if (!text.includes('=')) return text;
  return text.replace(QUERY_PARAM, (match: string, separator: string, name: string) =>
    isSecretName(name) ? `${separator}${name}=[redacted]` : match);
}

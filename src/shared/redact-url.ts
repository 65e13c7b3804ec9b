// URLs as error messages quote them: a token in the endpoint's query (`?token=...`) is a credential like the API
// key, and must not end up in logs.

const REDACTED = '[redacted]';

/**
 * `url` with every query value replaced by `[redacted]`: `https://h/graphql?token=[redacted]&env=[redacted]`. The
 * names stay, so a message still says which parameters were sent; a part without `=` is redacted whole. Works on
 * text that does not parse as a URL too (an option that was refused).
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const hash = url.indexOf('#', query);
  const end = hash < 0 ? url.length : hash;
  const parts = url
    .slice(query + 1, end)
    .split('&')
    .map((part) => {
      const equals = part.indexOf('=');
      if (equals < 0) return part === '' ? part : REDACTED;
      return `${part.slice(0, equals)}=${REDACTED}`;
    });
  return `${url.slice(0, query + 1)}${parts.join('&')}${url.slice(end)}`;
}

/** Query values of `url` long enough to be credentials; shorter ones (`page=2`) would garble any text they hid in. */
export function queryCredentials(url: string, minLength = 8): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  // Both forms: a server may quote the value as it was sent (percent-encoded) or decoded.
  const sent = parsed.search
    .slice(1)
    .split('&')
    .map((part) => part.slice(part.indexOf('=') + 1));
  const values = new Set([...parsed.searchParams.values(), ...sent]);
  return [...values].filter((value) => value.length >= minLength);
}

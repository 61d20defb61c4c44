/**
 * application/x-www-form-urlencoded for nested values, the way Rails, PHP and Kazoo read
 * them: objects as `key[sub]=value`, lists as `key[]=value`, null as an empty value.
 */
export function encodeForm(value: unknown): string {
  const pairs: string[] = [];
  const visit = (key: string, item: unknown) => {
    if (Array.isArray(item)) item.forEach((element) => visit(`${key}[]`, element));
    else if (item !== null && typeof item === 'object') {
      for (const [child, childValue] of Object.entries(item)) visit(`${key}[${child}]`, childValue);
    } else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(item === null || item === undefined ? '' : String(item))}`);
  };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, item] of Object.entries(value)) visit(key, item);
  } else {
    visit('value', value);
  }
  return pairs.join('&');
}

/** Merges a hook's custom data into a payload; a payload that is not an object is kept under `value`. */
export function withCustomData(payload: unknown, customData: Record<string, unknown>): unknown {
  if (Object.keys(customData).length === 0) return payload;
  const base = payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? payload : { value: payload };
  return { ...base, ...customData };
}

/**
 * `record[key]` for a key the caller chose (a template variable, an access key, an ARN's resource
 * type, a file extension), reading only the record's own members: on a plain object, `constructor`,
 * `toString` or `__proto__` would otherwise find Object.prototype's.
 */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

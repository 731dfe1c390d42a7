/** `defaults` overridden by every option the caller set (options set to `undefined` keep the default). */
export function withDefaults<D extends object, O extends object>(defaults: D, options: O): D & O {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...defaults, ...given } as D & O;
}

/** Throws unless `value` is an integer of at least `min`, naming the option. */
export function assertInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name}: expected an integer >= ${min}, got ${value}`);
}

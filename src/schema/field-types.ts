/**
 * The type-level description of one event field, as generated modules write
 * it: `Field<'pid_t', 4, true, 'signed', number>`.
 *
 * - `C`: the C type as libtraceevent records it (`char[16]`, `__data_loc char[]`);
 * - `Size`: size in bytes; `Signed`: the format file's `signed:` bit;
 * - `Flags`: libtraceevent's field flags as `|`-joined names without the
 *   pointer flag (`'signed|long'`, `'array|string'`, `''`): two fields may be
 *   matched or compared exactly when `Size` and `Flags` are equal;
 * - `Value`: the TypeScript type of a decoded value.
 */
export interface Field<
  C extends string = string,
  Size extends number = number,
  Signed extends boolean = boolean,
  Flags extends string = string,
  Value = unknown,
> {
  readonly cType: C
  readonly size: Size
  readonly signed: Signed
  readonly flags: Flags
  readonly value: Value
}

/**
 * Registration point for the default kernel schema. A generated module
 * augments it (`interface Register { kernel: Kernel }`), so importing
 * `typed-ftrace/kernels/linux-6.1` or your own generated `kernel.ts` makes that
 * kernel's events the ones `synth()` and the readers check against.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Register {}

/** Any kernel schema: systems -> events -> fields. */
export interface AnyKernel {
  readonly [system: string]: { readonly [event: string]: { readonly [field: string]: Field } }
}

/** The registered kernel, or {@link AnyKernel} when none is. */
export type RegisteredKernel = Register extends { readonly kernel: infer K } ? K : AnyKernel

import type { Join, UnionToTuple } from 'type-fest'
import type { KernelCapabilities } from './capabilities.js'
import type { Schema } from './schema.js'

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
 * augments it under its own name:
 *
 * ```ts
 * declare module 'typed-ftrace' {
 *   interface Register {
 *     'linux-6.1': { kernel: Kernel; eventSystems: EventSystems; capabilities: Capabilities }
 *   }
 * }
 * ```
 *
 * so importing `typed-ftrace/kernels/linux-6.1` or your own generated
 * `kernel.ts` makes that kernel's events the ones `synth()` and the readers
 * check against. Two registrations never clash as declarations (each has its
 * own name); `synth()` then reports {@link KernelRegistrationProblem}.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Register {}

/** What a generated module registers under its name. */
export interface KernelRegistration {
  readonly kernel: unknown
  readonly eventSystems: unknown
  readonly capabilities: unknown
}

/** Any kernel schema: systems -> events -> fields. */
export interface AnyKernel {
  readonly [system: string]: { readonly [event: string]: { readonly [field: string]: Field } }
}

/** The one registration, or `never` when none or several are registered. */
type SoleRegistration = {
  [N in keyof Register]: [Exclude<keyof Register, N>] extends [never] ? Register[N] : never
}[keyof Register]

/** The registered kernel, or {@link AnyKernel} when none (or more than one) is registered. */
export type RegisteredKernel = [SoleRegistration] extends [never]
  ? AnyKernel
  : SoleRegistration extends { readonly kernel: infer K }
    ? K
    : AnyKernel

/** Event name -> the system a lookup by name alone finds, for the registered kernel. */
export type RegisteredEventSystems = [SoleRegistration] extends [never]
  ? { readonly [event: string]: string }
  : SoleRegistration extends { readonly eventSystems: infer E }
    ? E
    : { readonly [event: string]: string }

/**
 * The registered kernel's capabilities as a type with literal members (a
 * generated module registers its `Capabilities`), or {@link KernelCapabilities}
 * (every member `boolean`) when none (or more than one) is registered.
 */
export type RegisteredCapabilities = [SoleRegistration] extends [never]
  ? KernelCapabilities
  : SoleRegistration extends { readonly capabilities: infer C }
    ? C
    : KernelCapabilities

/**
 * Why `synth()` cannot use the registered kernel, as the message the compiler
 * prints (the same text `synth()` throws at run time), or `never` when exactly
 * one kernel is registered.
 */
export type KernelRegistrationProblem = [keyof Register] extends [never]
  ? "no kernel is registered: import a generated module such as 'typed-ftrace/kernels/linux-6.1' (or your own from typed-ftrace typegen), or pass a schema with withSchema(schema).synth(name)"
  : [SoleRegistration] extends [never]
    ? `more than one kernel is registered (${Join<UnionToTuple<keyof Register & string>, ', '>}): synth() cannot choose; use withSchema(schema).synth(name) with the schema export of the kernel's module`
    : never

declare const kernelTypes: unique symbol

/**
 * A runtime {@link Schema} that also carries its kernel's types, as generated
 * modules export it: `withSchema(schema)` then checks against that kernel, and
 * `schema.capabilities` has the kernel's capabilities as literal types.
 */
export type TypedSchema<
  K,
  E = { readonly [event: string]: string },
  C extends KernelCapabilities = KernelCapabilities,
> = Schema & {
  readonly capabilities: C
  readonly [kernelTypes]?: { readonly kernel: K; readonly eventSystems: E }
}

/** The kernel types a {@link TypedSchema} carries. */
export type KernelOf<S> = S extends { readonly [kernelTypes]?: { readonly kernel: infer K } } ? K : AnyKernel
/** The capabilities a {@link TypedSchema} carries (literal types for a generated module's schema). */
export type CapabilitiesOf<S> = S extends { readonly capabilities: infer C } ? C : KernelCapabilities
/** The event-name index a {@link TypedSchema} carries. */
export type EventSystemsOf<S> = S extends { readonly [kernelTypes]?: { readonly eventSystems: infer E } }
  ? E
  : { readonly [event: string]: string }

/** The `fields` object of a record type (`never` when it has none); for a synth's records use `SynthFields`. */
export type FieldsOf<T> = T extends { readonly fields: infer F } ? F : never

/** A field name in a spec; `TIMESTAMP`, `TIMESTAMP_USECS` and `STACKTRACE` stand for the pseudo-fields. */
export type SpecField = string

/** A filter entry: a token (`&&`, `||`, `!`, `(`, `)`) or a comparison `[field, op, value]` (value verbatim). */
export type SpecFilter = '&&' | '||' | '!' | '(' | ')' | readonly [field: SpecField, op: string, value: string | number]

/** One step of a spec: one call of the builder. */
export type SpecStep =
  | { readonly match: SpecField | readonly [SpecField] | readonly [SpecField, SpecField]; readonly as?: string }
  | {
      readonly compare: readonly [SpecField, SpecField]
      readonly calc: 'delta-end' | 'delta-start' | 'add'
      readonly as: string
    }
  | { readonly delta: true | SpecField; readonly as?: string }
  | { readonly startField: SpecField; readonly as?: string }
  | { readonly endField: SpecField; readonly as?: string }
  | { readonly startFilter: SpecFilter }
  | { readonly endFilter: SpecFilter }
  | { readonly onMatch: true; readonly trace: true }
  | ({ readonly onMax: string } & SpecAction)
  | ({ readonly onChange: string } & SpecAction)

/** The action of an onMax/onChange step: exactly one of these. */
export type SpecAction =
  { readonly trace: true } | { readonly snapshot: true } | { readonly save: readonly SpecField[] }

/** A synthetic event as JSON (see SPEC.md). */
export interface SynthSpec {
  readonly name: string
  /** `system/event`, or `event` for the lowest-ID event of that name. */
  readonly start: string
  readonly end: string
  readonly steps: readonly SpecStep[]
}

import { synthCommands } from '../compile/commands.js'
import { synthEchoCmd } from '../compile/echo.js'
import { findHandlerVariable } from '../compile/handler-variable.js'
import { checkKernelRules, exemptFromKernelRules } from '../compile/kernel-rules/check.js'
import { lowerSynth, varName } from '../compile/lower.js'
import type { CompileOptions, EchoOptions, SynthCommands } from '../compile/options.js'
import { rawFmt, showEndHist, showEvent, showStartHist } from '../compile/show.js'
import { startHist } from '../compile/start-hist.js'
import type { StartHist } from '../compile/start-hist.js'
import { appendExpression } from '../filter/expression-tokens.js'
import { FilterExpr, filterFactory } from '../filter/expression.js'
import type { FilterFactory } from '../filter/expression.js'
import { FilterError } from '../filter/filter-error.js'
import { appendFilterToken, EMPTY_FILTER } from '../filter/filter-state.js'
import type { FilterState } from '../filter/filter-state.js'
import { isSpecialField, resolveField, TIMESTAMP_USECS } from '../filter/special-fields.js'
import type { FilterOp, FilterToken, FilterTokenType } from '../filter/tokens.js'
import { isFilterTokenType } from '../filter/tokens.js'
import { FieldFlag } from '../schema/field-flags.js'
import type { EventFormat } from '../schema/format-types.js'
import type { Schema } from '../schema/schema.js'
import { TypedFtraceError } from '../errors.js'
import { syntheticEventFormat } from './synthetic-event-format.js'
import type { HandlerStep, SynthBuilder } from './synth-builder.js'
import type {
  FieldRef,
  SynthAction,
  SynthCalc,
  SynthDefinition,
  SynthEventRef,
  SynthHandler,
  SynthStep,
  SyntheticFieldDef,
  SyntheticFieldOrigin,
} from '../definition/synth-definition.js'
import { SynthError } from '../definition/synth-error.js'
import type { SynthErrno } from '../definition/synth-error.js'
import type { FieldInfo } from '../definition/field-info.js'
import { checkEventName, checkIdentifier, isIdentifier } from '../definition/names.js'
import { syntheticType } from './synthetic-type.js'
import { unknownFieldMessage } from './types/messages.js'

interface State {
  /** Name a match's field after its start field when `as` is left out (the typed fluent API). */
  readonly namedMatches?: boolean | undefined
  /** Check the kernel's rules after every call (off only for the internal unchecked builder). */
  readonly kernelRules: boolean
  readonly schema: Schema
  readonly def: SynthDefinition
  readonly startEvent: EventFormat | undefined
  readonly endEvent: EventFormat | undefined
}

const CALCS: readonly SynthCalc[] = ['delta-end', 'delta-start', 'add']

/**
 * The first builder of a synth: a name and the schema to check against.
 * `kernelRules` false builds without the kernel's rules (internal: to write
 * what the rules refuse and see the kernel's answer).
 */
export function newSynthBuilder(
  name: string,
  schema: Schema,
  options: SynthOptions = {},
  kernelRules = true,
): SynthBuilder {
  checkIdentifier(name, 'synthetic event name')
  const def: SynthDefinition = Object.freeze({
    name,
    start: undefined,
    end: undefined,
    steps: Object.freeze([]),
    fields: Object.freeze([]),
    startFilter: EMPTY_FILTER,
    endFilter: EMPTY_FILTER,
    actions: Object.freeze([]),
  })
  if (!kernelRules) exemptFromKernelRules(def)
  return new SynthBuilderImpl({
    schema,
    def,
    startEvent: undefined,
    endEvent: undefined,
    namedMatches: options.namedMatches,
    kernelRules,
  })
}

/** How a builder behaves where libtracefs leaves a choice. */
export interface SynthOptions {
  /**
   * `.match(start, end)` without a name gives the synthetic event a field
   * named after the start field (pass `null` as the name for none). Off by
   * default, as in libtracefs, where a match has no field unless named.
   */
  readonly namedMatches?: boolean
}

class SynthBuilderImpl implements SynthBuilder {
  readonly #s: State
  readonly fields: Readonly<Record<string, FieldInfo>>

  constructor(state: State) {
    this.#s = state
    this.fields = Object.freeze(Object.fromEntries(state.def.fields.map((f) => [f.name, f.info])))
    Object.freeze(this)
  }

  get definition(): SynthDefinition {
    return this.#s.def
  }

  get name(): string {
    return this.#s.def.name
  }

  get event(): EventFormat {
    return syntheticEventFormat(this.#s.def)
  }

  start(systemOrEvent: string | { readonly definition: SynthDefinition }, event?: string): SynthBuilder {
    if (this.#s.startEvent)
      throw new SynthError(
        'EINVAL',
        `synthetic event '${this.#s.def.name}' already has the start event ${label(this.#s.startEvent)}`,
      )
    const found = this.#event('start', systemOrEvent, event)
    return this.#next({ start: ref(found, chained(systemOrEvent)) }, { startEvent: found })
  }

  end(systemOrEvent: string | { readonly definition: SynthDefinition }, event?: string): SynthBuilder {
    if (this.#s.endEvent)
      throw new SynthError(
        'EINVAL',
        `synthetic event '${this.#s.def.name}' already has the end event ${label(this.#s.endEvent)}`,
      )
    const found = this.#event('end', systemOrEvent, event)
    return this.#next({ end: ref(found, chained(systemOrEvent)) }, { endEvent: found })
  }

  match(startField: string, endField: string = startField, name?: string | null): SynthBuilder {
    const [startEvent, endEvent] = this.#both('match')
    const as =
      name === null
        ? undefined
        : (name ?? (this.#s.namedMatches && /^[A-Za-z_]\w*$/.test(startField) ? startField : undefined))
    if (as !== undefined) this.#checkNewName(as, 'match name')
    const [start, end] = this.#pair(startEvent, endEvent, startField, endField, 'match')
    const step: SynthStep = { kind: 'match', start, end, as }
    return this.#add(step, as === undefined ? undefined : this.#synthetic(start, startEvent, as, 'match'))
  }

  compare(startField: string, endField: string, calc: SynthCalc, as: string): SynthBuilder {
    const [startEvent, endEvent] = this.#both('compare')
    if (as === undefined || as === null) throw new SynthError('EINVAL', 'compare() needs a name for its field (as)')
    this.#checkNewName(as, 'compare name')
    const [start, end] = this.#pair(startEvent, endEvent, startField, endField, 'compare')
    if ((start.format.flags & (FieldFlag.ARRAY | FieldFlag.DYNAMIC)) !== 0) {
      throw new SynthError(
        'EINVAL',
        `cannot calculate with '${startField}' of ${label(startEvent)} (${start.format.cType}): strings and arrays cannot be compared`,
      )
    }
    if (!CALCS.includes(calc))
      throw new SynthError(
        'EINVAL',
        `unknown calculation '${String(calc)}': use ${CALCS.map((c) => `'${c}'`).join(', ')}`,
      )
    return this.#add({ kind: 'compare', start, end, calc, as }, this.#synthetic(start, startEvent, as, 'compare'))
  }

  delta(field: string = TIMESTAMP_USECS, as = 'delta'): SynthBuilder {
    return this.compare(field, field, 'delta-end', as)
  }

  startField(field: string, as?: string): SynthBuilder {
    const startEvent = this.#one('start', 'startField')
    const name = as ?? field
    if (as !== undefined) this.#checkNewName(as, 'field name')
    const source = this.#field(startEvent, field)
    if (as === undefined)
      this.#checkNewName(name, `the synthetic field copied from '${field}' (pass a name) has a name`)
    return this.#add(
      { kind: 'start-field', field: source, as: name },
      this.#synthetic(source, startEvent, name, 'start'),
    )
  }

  endField(field: string, as?: string): SynthBuilder {
    const endEvent = this.#one('end', 'endField')
    if (as !== undefined) this.#checkNewName(as, 'field name')
    const source = this.#field(endEvent, field)
    const name = as ?? source.format.name
    if (as === undefined)
      this.#checkNewName(name, `the synthetic field copied from '${field}' (pass a name) has a name`)
    return this.#add({ kind: 'end-field', field: source, as }, this.#synthetic(source, endEvent, name, 'end'))
  }

  startFilter(build: (f: FilterFactory) => FilterExpr): SynthBuilder {
    return this.#filterExpression('start', build)
  }

  endFilter(build: (f: FilterFactory) => FilterExpr): SynthBuilder {
    return this.#filterExpression('end', build)
  }

  appendStartFilter(
    type: FilterTokenType,
    field?: string,
    op?: FilterOp,
    value?: string | number | bigint,
  ): SynthBuilder {
    return this.#filterToken('start', type, field, op, value)
  }

  appendEndFilter(
    type: FilterTokenType,
    field?: string,
    op?: FilterOp,
    value?: string | number | bigint,
  ): SynthBuilder {
    return this.#filterToken('end', type, field, op, value)
  }

  onMatch(): HandlerStep {
    this.#both('onMatch')
    return new HandlerStepImpl(this, 'match', undefined)
  }

  onMax(variable: string): HandlerStep {
    return new HandlerStepImpl(this, 'max', this.#handlerVariable('onMax', variable))
  }

  onChange(variable: string): HandlerStep {
    return new HandlerStepImpl(this, 'change', this.#handlerVariable('onChange', variable))
  }

  complete(): boolean {
    return this.#s.startEvent !== undefined && this.#s.endEvent !== undefined
  }

  showEvent(options?: CompileOptions): string {
    return showEvent(this.#s.def, this.#options(options))
  }

  showStartHist(options?: CompileOptions): string {
    return showStartHist(this.#s.def, this.#options(options))
  }

  showEndHist(options?: CompileOptions): string {
    return showEndHist(this.#s.def, this.#options(options))
  }

  rawFmt(options?: CompileOptions): string {
    return rawFmt(this.#s.def, this.#options(options))
  }

  commands(options?: CompileOptions): SynthCommands {
    return synthCommands(this.#s.def, this.#options(options))
  }

  startHist(): StartHist {
    return startHist(this.#s.def)
  }

  echoCmd(options?: EchoOptions): string {
    return synthEchoCmd(this.#s.def, this.#options(options))
  }

  /**
   * The options given, the rest from the schema's kernel: the `trace()` action
   * syntax where its README shows it (else the older `.name()` form), and
   * `dynamic_events` where it takes `s:` lines (else `synthetic_events`). A
   * kernel whose README was not read keeps the defaults (`trace`, `dynamic_events`).
   */
  #options<O extends CompileOptions>(options: O | undefined): O {
    const caps = this.#s.schema.capabilities
    if (caps?.readme !== true) return (options ?? {}) as O
    return {
      ...options,
      actionSyntax: options?.actionSyntax ?? (caps.traceAction ? 'trace' : 'legacy'),
      dynamicEvents: options?.dynamicEvents ?? caps.dynamicEvents,
    } as O
  }

  /** Adds an action (used by {@link Handler}). */
  withAction(action: SynthAction): SynthBuilder {
    if (action.action === 'save') {
      const endEvent = this.#one('end', 'save')
      action.save.forEach((f) => this.#field(endEvent, f))
    }
    const frozen = Object.freeze({ ...action, save: Object.freeze([...action.save]) })
    return this.#add({ kind: 'action', action: frozen }, undefined, {
      actions: Object.freeze([...this.#s.def.actions, frozen]),
    })
  }

  #event(
    which: 'start' | 'end',
    systemOrEvent: string | { readonly definition: SynthDefinition },
    event: string | undefined,
  ): EventFormat {
    if (
      typeof systemOrEvent === 'object' &&
      systemOrEvent !== null &&
      'definition' in systemOrEvent &&
      event === undefined
    ) {
      // A finished synth as an event: `synthetic/<name>` with its fields.
      return syntheticEventFormat(systemOrEvent.definition)
    }
    if (typeof systemOrEvent !== 'string' || (event !== undefined && typeof event !== 'string')) {
      throw new SynthError('EINVAL', `${which}() takes an event name, or a system and an event name`)
    }
    const system = event === undefined ? undefined : systemOrEvent
    const name = event ?? systemOrEvent
    // libtraceevent returns its last-found event for a name-only lookup of the same name: the other end of this synth.
    const other = which === 'start' ? this.#s.endEvent : this.#s.startEvent
    if (system === undefined && other?.name === name) return other
    let found: EventFormat
    try {
      found = this.#s.schema.get(system, name)
    } catch (error) {
      if (error instanceof TypedFtraceError)
        throw new SynthError('ENODEV', `${which} event of '${this.#s.def.name}': ${error.message}`, { cause: error })
      throw error
    }
    checkEventName(found.system, 'system')
    checkEventName(found.name, 'event')
    return found
  }

  #one(which: 'start' | 'end', call: string): EventFormat {
    const event = which === 'start' ? this.#s.startEvent : this.#s.endEvent
    if (!event) throw new SynthError('EINVAL', `${call}() needs the ${which} event: call .${which}(...) first`)
    return event
  }

  #both(call: string): [EventFormat, EventFormat] {
    if (!this.#s.startEvent || !this.#s.endEvent)
      throw new SynthError('EINVAL', `${call}() needs the start and end events: call .start(...) and .end(...) first`)
    return [this.#s.startEvent, this.#s.endEvent]
  }

  #field(event: EventFormat, name: string): FieldRef {
    if (typeof name !== 'string' || name === '')
      throw new SynthError('EINVAL', `a field name is needed for ${label(event)}`)
    const format = resolveField(event, name)
    if (!format) throw new SynthError('ENODEV', unknownFieldMessage(event, name))
    // A schema made in JavaScript can hold any field name: the name rule applies at the door.
    if (!isSpecialField(name) && format.name === name) checkIdentifier(name, `field of ${label(event)}`)
    return Object.freeze({ name, format: Object.isFrozen(format) ? format : Object.freeze({ ...format }) })
  }

  /** libtracefs' `verify_event_fields`: both known (start first), equal sizes and equal flags but the pointer flag. */
  #pair(
    startEvent: EventFormat,
    endEvent: EventFormat,
    startField: string,
    endField: string,
    call: string,
  ): [FieldRef, FieldRef] {
    const start = this.#field(startEvent, startField)
    const end = this.#field(endEvent, endField)
    const mask = ~FieldFlag.POINTER
    if ((start.format.flags & mask) !== (end.format.flags & mask) || start.format.size !== end.format.size) {
      throw new SynthError(
        'EBADE',
        `cannot ${call} '${startField}' of ${label(startEvent)} (${describe(start)}) with '${endField}' of ${label(endEvent)} (${describe(end)}): sizes and flags must be equal`,
      )
    }
    return [start, end]
  }

  #checkNewName(name: unknown, what: string): asserts name is string {
    checkIdentifier(name, what)
    const existing = this.#s.def.fields.find((f) => f.name === name)
    if (existing)
      throw new SynthError(
        'EINVAL',
        `synthetic event '${this.#s.def.name}' already has a field '${name}' (from ${existing.origin}); choose another name`,
      )
  }

  #synthetic(
    source: FieldRef,
    event: EventFormat,
    name: string,
    origin: SyntheticFieldOrigin,
  ): Omit<SyntheticFieldDef, 'step'> {
    const { declaration, info } = syntheticType(source.format, name, label(event), this.#s.schema.longSize)
    return { name, declaration, info, origin }
  }

  #filterExpression(which: 'start' | 'end', build: (f: FilterFactory) => FilterExpr): SynthBuilder {
    const event = this.#one(which, `${which}Filter`)
    if (typeof build !== 'function') throw new SynthError('EINVAL', `${which}Filter() takes a function: f => f.eq(...)`)
    const expr = build(filterFactory)
    if (!(expr instanceof FilterExpr))
      throw new SynthError(
        'EINVAL',
        `${which}Filter(): the function must return an expression made with f (f.eq(...), f.lt(...), ...)`,
      )
    return this.#filter(which, (filter) => appendExpression(filter, event, expr.node))
  }

  #filterToken(
    which: 'start' | 'end',
    type: FilterTokenType,
    field: string | undefined,
    op: FilterOp | undefined,
    value: string | number | bigint | undefined,
  ): SynthBuilder {
    const event = this.#one(which, which === 'start' ? 'appendStartFilter' : 'appendEndFilter')
    if (!isFilterTokenType(type))
      throw new SynthError(
        'EINVAL',
        `unknown filter token '${String(type)}': use 'compare', 'and', 'or', 'not', '(' or ')'`,
      )
    const token: FilterToken =
      type === 'compare'
        ? {
            type,
            field: field as string,
            op: op as FilterOp,
            value: typeof value === 'number' || typeof value === 'bigint' ? String(value) : (value as string),
          }
        : { type }
    return this.#filter(which, (filter) => appendFilterToken(filter, event, token))
  }

  #filter(which: 'start' | 'end', append: (filter: FilterState) => FilterState): SynthBuilder {
    const before = which === 'start' ? this.#s.def.startFilter : this.#s.def.endFilter
    let after: FilterState
    try {
      after = append(before)
    } catch (error) {
      if (error instanceof FilterError) throw new SynthError(error.code as SynthErrno, error.message, { cause: error })
      throw error
    }
    const step: SynthStep = {
      kind: which === 'start' ? 'start-filter' : 'end-filter',
      tokens: Object.freeze(after.tokens.slice(before.tokens.length)),
    }
    return this.#add(step, undefined, which === 'start' ? { startFilter: after } : { endFilter: after })
  }

  #handlerVariable(call: string, variable: string): string {
    this.#both(call)
    if (typeof variable !== 'string' || variable === '' || variable === '$')
      throw new SynthError('EINVAL', `${call}() needs a variable`)
    const names = lowerSynth(this.#s.def).endVars.map(varName)
    if (findHandlerVariable(names, variable) === undefined) {
      const known = this.#s.def.fields.map((f) => f.name).filter(isIdentifier)
      throw new SynthError(
        'ENODEV',
        `${call}('${variable}'): the end trigger of '${this.#s.def.name}' has no such variable${known.length ? `; its fields are ${known.map((n) => `'${n}'`).join(', ')}` : ' (add a match name, a compare field or a start/end field first)'}`,
      )
    }
    return variable
  }

  #add(
    step: SynthStep,
    field: Omit<SyntheticFieldDef, 'step'> | undefined,
    extra: Partial<SynthDefinition> = {},
  ): SynthBuilder {
    const steps = Object.freeze([...this.#s.def.steps, Object.freeze(step)])
    const fields = field
      ? Object.freeze([...this.#s.def.fields, Object.freeze({ ...field, step: steps.length - 1 })])
      : this.#s.def.fields
    return this.#next({ steps, fields, ...extra })
  }

  #next(changes: Partial<SynthDefinition>, events: Partial<Pick<State, 'startEvent' | 'endEvent'>> = {}): SynthBuilder {
    const state: State = { ...this.#s, ...events, def: Object.freeze({ ...this.#s.def, ...changes }) }
    if (state.kernelRules)
      checkKernelRules({
        def: state.def,
        startEvent: state.startEvent,
        endEvent: state.endEvent,
        capabilities: state.schema.capabilities,
        stage: 'step',
      })
    else exemptFromKernelRules(state.def)
    return new SynthBuilderImpl(state)
  }
}

class HandlerStepImpl implements HandlerStep {
  readonly #builder: SynthBuilderImpl
  readonly #handler: SynthHandler
  readonly #variable: string | undefined

  constructor(builder: SynthBuilderImpl, handler: SynthHandler, variable: string | undefined) {
    this.#builder = builder
    this.#handler = handler
    this.#variable = variable
    Object.freeze(this)
  }

  trace(): SynthBuilder {
    return this.#builder.withAction({ handler: this.#handler, variable: this.#variable, action: 'trace', save: [] })
  }

  snapshot(): SynthBuilder {
    if (this.#handler === 'match')
      throw new SynthError('EINVAL', 'onMatch() supports only trace(): snapshot() needs onMax() or onChange()')
    return this.#builder.withAction({ handler: this.#handler, variable: this.#variable, action: 'snapshot', save: [] })
  }

  save(...fields: string[]): SynthBuilder {
    if (this.#handler === 'match')
      throw new SynthError('EINVAL', 'onMatch() supports only trace(): save() needs onMax() or onChange()')
    if (fields.length === 0) throw new SynthError('EINVAL', 'save() needs at least one end-event field')
    return this.#builder.withAction({ handler: this.#handler, variable: this.#variable, action: 'save', save: fields })
  }
}

function ref(event: EventFormat, synth: SynthDefinition | undefined): SynthEventRef {
  return Object.freeze(
    synth === undefined
      ? { system: event.system, event: event.name, id: event.id }
      : { system: event.system, event: event.name, id: event.id, synth },
  )
}

/** The definition of a synth given as the start or end event (a chain), if it is one. */
function chained(systemOrEvent: unknown): SynthDefinition | undefined {
  return typeof systemOrEvent === 'object' && systemOrEvent !== null && 'definition' in systemOrEvent
    ? (systemOrEvent as { readonly definition: SynthDefinition }).definition
    : undefined
}

/** `sched.sched_switch`, as the compiler's messages name events. */
function label(event: EventFormat): string {
  return `${event.system}.${event.name}`
}

function describe(field: FieldRef): string {
  const flags = field.format.flags & ~FieldFlag.POINTER
  return `${field.format.cType}, ${field.format.size} bytes${flags & FieldFlag.SIGNED ? ', signed' : ''}${flags & FieldFlag.STRING ? ', string' : ''}${flags & FieldFlag.DYNAMIC ? ', dynamic' : ''}`
}

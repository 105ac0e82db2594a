import { readdir } from 'node:fs/promises'
import type { TracefsIO } from './io.js'
import { parseTriggerFile } from './list.js'
import type { ListedHistTrigger, ListedSynthEvent } from './list.js'

/** A synthetic event as listed, with the triggers that refer to it. */
export interface ListedSynth extends ListedSynthEvent {
  readonly endTriggers: readonly EventTrigger[]
  readonly startTriggers: readonly EventTrigger[]
}

/** A hist trigger and the event it sits on. */
export interface EventTrigger {
  readonly system: string
  readonly event: string
  readonly trigger: ListedHistTrigger
}

/**
 * Pairs synthetic events with the hist triggers (under `prefix`) that refer
 * to them: the end triggers whose actions trace the event and the start
 * triggers they match on.
 */
export async function listSynths(
  io: TracefsIO,
  prefix: string,
  events: readonly ListedSynthEvent[],
): Promise<ListedSynth[]> {
  if (events.length === 0) return []
  const triggers = await allHistTriggers(io, prefix)
  return events.map((e) => {
    const ends = triggers.filter((t) => t.trigger.actions.some((a) => tracesEvent(a, e.name)))
    const starts = ends.flatMap((end) =>
      end.trigger.actions
        .map((a) => /^onmatch\((\w+)\.(\w+)\)/.exec(a))
        .filter((m): m is RegExpExecArray => m !== null)
        .flatMap((m) =>
          triggers.filter((t) => t.system === m[1] && t.event === m[2] && sharesVariables(t.trigger, end.trigger)),
        ),
    )
    return { ...e, endTriggers: ends, startTriggers: dedupe(starts) }
  })
}

async function allHistTriggers(io: TracefsIO, prefix: string): Promise<EventTrigger[]> {
  const found: EventTrigger[] = []
  const base = `${prefix}events`
  const systems = await readdir(io.path(base), { withFileTypes: true })
  for (const system of systems.filter((d) => d.isDirectory())) {
    const events = await readdir(io.path(`${base}/${system.name}`), { withFileTypes: true })
    await Promise.all(
      events
        .filter((d) => d.isDirectory())
        .map(async (event) => {
          const text = await io.readOptional(`${base}/${system.name}/${event.name}/trigger`)
          if (!text || !text.includes('hist:')) return
          for (const trigger of parseTriggerFile(text)) found.push({ system: system.name, event: event.name, trigger })
        }),
    )
  }
  return found
}

function tracesEvent(action: string, name: string): boolean {
  return action.includes(`.trace(${name},`) || action.includes(`.trace(${name})`) || action.includes(`.${name}(`)
}

/** A start trigger belongs to an end trigger when the end refers to one of its variables. */
function sharesVariables(start: ListedHistTrigger, end: ListedHistTrigger): boolean {
  return start.variables.some(([name]) => end.text.includes(`$${name}`))
}

function dedupe(list: EventTrigger[]): EventTrigger[] {
  const seen = new Set<string>()
  return list.filter((t) => {
    const key = `${t.system}/${t.event}/${t.trigger.text}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

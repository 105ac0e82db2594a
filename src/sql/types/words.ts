/*
 * The type-level tokenizer of a statement: the text is cut at `WHERE` (the
 * conditions are checked at run time only), newlines and tabs become spaces,
 * the punctuation that matters before `WHERE` gets a space on each side, and
 * the words are joined again by single spaces with the keywords in upper case
 * (`SELECT s.pid AS x , ( e.a - s.b ) AS d FROM ...`), so the parser can read
 * the statement with template-literal patterns on one string. Every step is
 * one inference over a piece of text (one per occurrence of a character, one
 * per four words), never one per character, and every recursion is a tail call.
 * Words are kept in a string, not a tuple: tuples cost the compiler a copy
 * per step.
 */

/** Every `C` in `S` replaced by `By` (one step per occurrence). */
type ReplaceAll<S extends string, C extends string, By extends string, Acc extends string = ''> = S extends `${infer A}${C}${infer B}`
  ? ReplaceAll<B, C, By, `${Acc}${A}${By}`>
  : `${Acc}${S}`

/** The text before the first `WHERE` written in one of its usual spellings (any other is cut once the keywords are in upper case). */
type BeforeWhere<S extends string> = S extends `${infer A} WHERE ${string}` | `${infer A} where ${string}` | `${infer A} Where ${string}` ? A : S

/** `,`, `(`, `)`, `=`, `+`, `-` with spaces around them. */
type Spaced<S extends string> = ReplaceAll<ReplaceAll<ReplaceAll<ReplaceAll<ReplaceAll<ReplaceAll<S, ',', ' , '>, '(', ' ( '>, ')', ' ) '>, '=', ' = '>, '-', ' - '>, '+', ' + '>

/** Runs of four spaces shortened first, so that the words meet few empty ones. */
type Squeeze<S extends string> = ReplaceAll<S, '    ', ' '>

/** The statement's keywords, as the lexer knows them in any case. */
export type SqlTypeKeyword = 'SELECT' | 'AS' | 'FROM' | 'JOIN' | 'ON' | 'WHERE' | 'CAST'

/** One word and the space before it: a keyword in upper case, anything else as written; nothing for an empty word. */
type Word<W extends string> = W extends '' ? '' : Uppercase<W> extends SqlTypeKeyword ? ` ${Uppercase<W>}` : ` ${W}`

/** The words of `S`, each after one space: four words a step while there are that many, then one. */
type Words<S extends string, Acc extends string = ''> = S extends `${infer A} ${infer B} ${infer C} ${infer D} ${infer R}`
  ? Words<R, `${Acc}${Word<A>}${Word<B>}${Word<C>}${Word<D>}`>
  : S extends `${infer A} ${infer R}`
    ? Words<R, `${Acc}${Word<A>}`>
    : `${Acc}${Word<S>}`

/** A statement's text before its `WHERE` (in any case), one space between words, keywords in upper case. */
export type SqlText<S extends string> =
  Words<Squeeze<Spaced<BeforeWhere<ReplaceAll<ReplaceAll<S, '\n', ' '>, '\t', ' '>>>>> extends ` ${infer T}`
    ? T extends `${infer A} WHERE ${string}`
      ? A
      : T
    : ''

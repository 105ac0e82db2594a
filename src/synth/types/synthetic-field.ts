import type { Field } from '../../schema/field-types.js'

type IntType<Size, Signed> = Size extends 1
  ? Signed extends true ? 'char' : 'unsigned char'
  : Size extends 2
    ? Signed extends true ? 's16' : 'u16'
    : Size extends 4
      ? Signed extends true ? 's32' : 'u32'
      : Signed extends true ? 's64' : 'u64'

type BaseType<C extends string> = C extends `__data_loc ${infer T}[${string}` ? T : C extends `${infer T}[${string}` ? T : C

/** The kernel's sign rule for synthetic field types (`synth_field_signed`). */
type KernelSigned<T extends string> = T extends `u${string}` | 'gfp_t' ? false : true

type Flags<Signed extends boolean, Rest extends string> = Signed extends true ? (Rest extends '' ? 'signed' : `signed|${Rest}`) : Rest

type ArrayFlags<Base extends string, Signed extends boolean, Dynamic extends boolean> = `array${Signed extends true ? '|signed' : ''}${Base extends `${string}${'char' | 'u8' | 's8'}${string}` ? '|string' : ''}${Dynamic extends true ? '|dynamic' : ''}${Base extends `${string}long${string}` ? '|long' : ''}`

type ArrayField<F extends Field, Base extends string> = F['flags'] extends `${string}dynamic${string}`
  ? Field<`__data_loc ${Base}[]`, 4, KernelSigned<Base>, ArrayFlags<Base, KernelSigned<Base>, true>, F['value']>
  : Field<`${Base}[${F['size']}]`, F['size'], KernelSigned<Base>, ArrayFlags<Base, KernelSigned<Base>, false>, F['value']>

type ScalarField<F extends Field, T extends string> = Field<T, F['size'], KernelSigned<T>, Flags<KernelSigned<T>, T extends `${string}long${string}` ? 'long' : ''>, F['value']>

/**
 * The field a synthetic event gets for a source field: the type libtracefs
 * declares (pid_t/gfp_t/bool kept, arrays by their base type, other integers
 * as char/s16/u16/s32/u32/s64/u64 by size and sign) described the way the
 * kernel then prints it in the synthetic event's own `format` file.
 */
export type SyntheticField<F extends Field> = F['cType'] extends `${string}[${string}`
  ? ArrayField<F, BaseType<F['cType']>>
  : F['cType'] extends 'pid_t' | 'gfp_t' | 'bool'
    ? ScalarField<F, F['cType']>
    : ScalarField<F, IntType<F['size'], F['signed']>>

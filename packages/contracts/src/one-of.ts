import { type TLiteral, type TSchemaOptions, type TUnion, Type } from 'typebox';

type Literals<Values extends readonly (string | number)[]> = { -readonly [K in keyof Values]: TLiteral<Values[K]> };

/**
 * A union of literals built from a list the domain owns (`oneOf(SESSION_MODES)`), so an enum is
 * written once and the schema, the database column and the type all follow it.
 */
export function oneOf<const Values extends readonly (string | number)[]>(
  values: Values,
  options?: TSchemaOptions,
): TUnion<Literals<Values>> {
  return Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as unknown as TUnion<Literals<Values>>;
}

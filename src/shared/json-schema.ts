import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { DocPath } from './problem.js';

// ajv-formats is CommonJS; under nodenext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One schema violation, at a document path, in words a person can act on. */
export interface SchemaViolation {
  readonly path: DocPath;
  /** True when the violation names a property key (unknown property) rather than a value. */
  readonly atKey: boolean;
  readonly keyword: string;
  readonly message: string;
  /** For `additionalProperties` and `enum`: the offending property name or the allowed values. */
  readonly property?: string;
  readonly allowed?: readonly unknown[];
}

/** Compiles a JSON Schema (draft 2020-12 subset that TypeBox emits) into a checker returning violations. */
export function compileSchema(schema: object): (value: unknown) => SchemaViolation[] {
  const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => (validate(value) ? [] : simplify(validate.errors ?? []));
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function simplify(errors: readonly ErrorObject[]): SchemaViolation[] {
  // A union (anyOf) failure is reported by each branch; keep the most specific messages.
  const out: SchemaViolation[] = [];
  const seen = new Set<string>();
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    let v: SchemaViolation;
    switch (e.keyword) {
      case 'additionalProperties': {
        const property = String((e.params as { additionalProperty: string }).additionalProperty);
        v = {
          path: [...path, property],
          atKey: true,
          keyword: e.keyword,
          message: `unknown property \`${property}\``,
          property,
        };
        break;
      }
      case 'required': {
        const property = String((e.params as { missingProperty: string }).missingProperty);
        v = {
          path,
          atKey: false,
          keyword: e.keyword,
          message: `missing required property \`${property}\``,
          property,
        };
        break;
      }
      case 'enum':
        v = {
          path,
          atKey: false,
          keyword: e.keyword,
          message: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map((x) => `\`${String(x)}\``).join(', ')}`,
          allowed: (e.params as { allowedValues: unknown[] }).allowedValues,
        };
        break;
      case 'const':
        if (anyOfPaths.has(e.instancePath)) continue; // summarised by the anyOf entry below
        v = {
          path,
          atKey: false,
          keyword: e.keyword,
          message: `must be \`${String((e.params as { allowedValue: unknown }).allowedValue)}\``,
        };
        break;
      case 'anyOf': {
        const consts = errors
          .filter((x) => x.keyword === 'const' && x.instancePath === e.instancePath)
          .map((x) => (x.params as { allowedValue: unknown }).allowedValue);
        if (consts.length > 0) {
          v = {
            path,
            atKey: false,
            keyword: 'enum',
            message: `must be one of ${consts.map((x) => `\`${String(x)}\``).join(', ')}`,
            allowed: consts,
          };
        } else {
          if (errors.some((x) => x !== e && x.instancePath === e.instancePath && x.keyword !== 'type'))
            continue;
          v = { path, atKey: false, keyword: e.keyword, message: 'does not match any allowed form' };
        }
        break;
      }
      case 'type':
        if (
          anyOfPaths.has(e.instancePath) &&
          errors.some((x) => x.keyword === 'const' && x.instancePath === e.instancePath)
        )
          continue;
        v = {
          path,
          atKey: false,
          keyword: e.keyword,
          message: `must be ${article(String((e.params as { type: string }).type))}`,
        };
        break;
      case 'pattern':
        v = {
          path,
          atKey: false,
          keyword: e.keyword,
          message: `does not have the expected form (${(e.params as { pattern: string }).pattern})`,
        };
        break;
      default:
        v = { path, atKey: false, keyword: e.keyword, message: e.message ?? 'is not valid' };
    }
    const id = `${v.path.join('/')}|${v.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(v);
    }
  }
  return out;
}

function article(type: string): string {
  const t = type.replace(/,/g, ' or ');
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

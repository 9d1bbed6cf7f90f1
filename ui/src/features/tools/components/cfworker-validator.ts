import { Validator, type Schema } from '@cfworker/json-schema';
import { toErrorSchema, type RJSFSchema, type RJSFValidationError, type ValidationData, type ValidatorType } from '@rjsf/utils';

/**
 * rjsf's validator on @cfworker/json-schema, which interprets schemas instead of compiling
 * them: @rjsf/validator-ajv8 compiles with `new Function`, which the page's CSP forbids. The
 * tool's own answer stays the real check; this one only helps the form.
 */
const WRAPPERS = new Set(['properties', 'items', 'allOf', '$ref', 'additionalProperties', 'prefixItems']);

function withDefinitions(schema: RJSFSchema, root: RJSFSchema): RJSFSchema {
  if (schema === root) return schema;
  return { ...schema, $defs: root.$defs, definitions: root.definitions } as RJSFSchema;
}

function run(schema: RJSFSchema, data: unknown) {
  try {
    return new Validator(schema as Schema, '2020-12', false).validate(data);
  } catch (error) {
    return { valid: false, errors: [], failure: error as Error };
  }
}

function toPath(pointer: string): string {
  return pointer.replace(/^#/, '').split('/').filter(Boolean).map((part) => `.${part}`).join('');
}

export const cfworkerValidator: ValidatorType = {
  validateFormData(formData, schema): ValidationData<unknown> {
    const result = run(schema, formData ?? {});
    const errors: RJSFValidationError[] = result.errors
      .filter((unit) => !WRAPPERS.has(unit.keyword))
      .map((unit) => ({
        name: unit.keyword,
        property: toPath(unit.instanceLocation),
        message: unit.error,
        stack: `${toPath(unit.instanceLocation) || '.'} ${unit.error}`,
        schemaPath: unit.keywordLocation,
      }));
    return { errors, errorSchema: toErrorSchema(errors) };
  },
  isValid(schema, formData, rootSchema) {
    return run(withDefinitions(schema, rootSchema), formData).valid;
  },
  rawValidation(schema, formData) {
    const result = run(schema, formData);
    return { errors: result.errors as never[] };
  },
};

/**
 * Stands in for @rjsf/validator-ajv8, which @rjsf/core imports only for its test registry
 * (getTestRegistry). The dashboard never uses it: ajv compiles schemas with `new Function`,
 * which the bridge's CSP forbids. The tester uses features/tools/components/cfworker-validator.
 */
const unavailable = new Proxy(
  {},
  {
    get() {
      throw new Error('@rjsf/validator-ajv8 is not bundled: it needs eval, which the CSP forbids');
    },
  },
);

export default unavailable;

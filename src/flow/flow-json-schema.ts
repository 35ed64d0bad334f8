import { FlowSchema } from './flow-schema.js';

/** The published JSON Schema of the flow declaration (`schema/flow.v1.json`), as text. */
export function flowJsonSchemaText(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...JSON.parse(JSON.stringify(FlowSchema)),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

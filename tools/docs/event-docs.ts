import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { EVENTS, EventEnvelope, SUBJECTS } from '@patchproof/contracts';
import { stringify } from 'yaml';

// class-transformer keeps its type metadata in a module it does not export; read it for @Type().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Constructor = Function;

/** JSON Schema for a contract class, read from its class-validator and class-transformer decorators. */
function schemaOf(target: Constructor, seen = new Set<Constructor>()): Schema {
  if (seen.has(target)) return { $comment: `recursive ${target.name}` };
  seen.add(target);
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const item of metadata) byProperty.set(item.propertyName, [...(byProperty.get(item.propertyName) ?? []), item]);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [property, rules] of byProperty) {
    const names = rules.map((rule) => rule.name ?? rule.type);
    if (!names.includes('isOptional') && !rules.some((rule) => rule.type === 'conditionalValidation')) required.push(property);
    properties[property] = propertySchema(target, property, rules, seen);
  }
  return { type: 'object', title: target.name, properties, required };
}

function propertySchema(target: Constructor, property: string, rules: ValidationMetadata[], seen: Set<Constructor>): Schema {
  const nested = defaultMetadataStorage.findTypeMetadata(target, property);
  const isArray = rules.some((rule) => rule.name === 'isArray' || rule.each);
  let item: Schema = {};
  if (nested) item = schemaOf(nested.typeFunction() as Constructor, new Set(seen));
  for (const rule of rules) {
    const name = rule.name ?? '';
    if (name === 'isString') item.type = 'string';
    if (name === 'isInt') item.type = 'integer';
    if (name === 'isNumber') item.type = 'number';
    if (name === 'isBoolean') item.type = 'boolean';
    if (name === 'isUuid') Object.assign(item, { type: 'string', format: 'uuid' });
    if (name === 'isIso8601') Object.assign(item, { type: 'string', format: 'date-time' });
    if (name === 'isIn') item.enum = rule.constraints?.[0];
    if (name === 'matches') Object.assign(item, { type: 'string', pattern: String(rule.constraints?.[0]).slice(1, -1) });
    if (name === 'isObject' && !nested) item.type = 'object';
  }
  return isArray ? { type: 'array', items: item } : item;
}

function main(): void {
  const root = join(__dirname, '..', '..', '..');
  const envelope = schemaOf(EventEnvelope);
  const asyncapi = {
    asyncapi: '2.6.0',
    info: { title: 'patchproof events', version: '1', description: 'Generated from libs/contracts by `npm run docs:events`. Every message is an EventEnvelope whose payload is the subject\'s class; the envelope id is the JetStream Nats-Msg-Id.' },
    servers: { nats: { url: 'nats://127.0.0.1:4222', protocol: 'nats', description: 'JetStream stream PATCHPROOF, subjects patchproof.>' } },
    channels: Object.fromEntries(SUBJECTS.map((subject) => [subject, {
      subscribe: { message: { name: EVENTS[subject].name, payload: { allOf: [envelope, { type: 'object', properties: { payload: schemaOf(EVENTS[subject]) } }] } } },
    }])),
  };
  writeFileSync(join(root, 'docs', 'asyncapi.yaml'), stringify(asyncapi, { lineWidth: 0 }));
  const lines = ['# Events', '', 'Generated from `libs/contracts` by `npm run docs:events` (the machine-readable form is `docs/asyncapi.yaml`).', '',
    'Every message is an envelope: `id` (uuid; also the JetStream message id), `subject`, `runId`, `correlationId`, `causationId`, `occurredAt`, `trace` (W3C `traceparent`), `payload`.', ''];
  for (const subject of SUBJECTS) {
    const schema = schemaOf(EVENTS[subject]);
    lines.push(`## \`${subject}\` — ${EVENTS[subject].name}`, '', '| field | type | required |', '|---|---|---|');
    for (const [name, property] of Object.entries(schema.properties as Record<string, Schema>)) {
      lines.push(`| \`${name}\` | ${describe(property)} | ${(schema.required as string[]).includes(name) ? 'yes' : 'no'} |`);
    }
    lines.push('');
  }
  writeFileSync(join(root, 'docs', 'events.md'), lines.join('\n'));
  console.log('wrote docs/events.md and docs/asyncapi.yaml');
}

function describe(schema: Schema): string {
  if (schema.type === 'array') return `array of ${describe(schema.items as Schema)}`;
  if (schema.title) return String(schema.title);
  if (schema.enum) return (schema.enum as string[]).map((value) => `\`${value}\``).join(' \\| ');
  return String(schema.format ?? schema.type ?? 'any');
}

main();

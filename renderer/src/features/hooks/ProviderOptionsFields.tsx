import type { Provider } from '../../../../electron/shared/hooks.js';
import { enumValues, optionSchemas, type OptionSchema, type OptionValue } from './draft.js';
import { described, Field, type ErrorOf } from './fields.js';

/**
 * The provider's own hook fields, one control per property of its `hookOptions` JSON Schema:
 * text, number, a choice for enums, a checkbox for flags, JSON for anything nested.
 */
export function ProviderOptionsFields({
  provider,
  values,
  errorOf,
  onChange,
}: {
  provider: Provider | undefined;
  values: Record<string, OptionValue>;
  errorOf: ErrorOf;
  onChange(values: Record<string, OptionValue>): void;
}) {
  const { properties, required } = optionSchemas(provider);
  const keys = Object.keys(properties);
  const groupError = errorOf('providerOptions');
  if (keys.length === 0) return null;
  return (
    <>
      <h3 className="span">{provider?.name} options</h3>
      {keys.map((key) => {
        const schema = properties[key]!;
        const field = `providerOptions.${key}`;
        const error = errorOf(field);
        const label = provider?.scope?.option === key ? provider.scope.label : (schema.title ?? key);
        return (
          <Field
            key={key}
            id={`hook-option-${key}`}
            label={label}
            error={error}
            hint={schema.description}
            required={required.includes(key)}
          >
            <OptionInput
              id={`hook-option-${key}`}
              schema={schema}
              value={values[key]}
              required={required.includes(key)}
              error={error}
              onChange={(value) => onChange({ ...values, [key]: value })}
            />
          </Field>
        );
      })}
      {groupError && !keys.some((key) => errorOf(`providerOptions.${key}`)) && (
        <p className="field-error" role="alert">
          {groupError}
        </p>
      )}
    </>
  );
}

function OptionInput({
  id,
  schema,
  value,
  required,
  error,
  onChange,
}: {
  id: string;
  schema: OptionSchema;
  value: OptionValue | undefined;
  required: boolean;
  error: string | undefined;
  onChange(value: OptionValue): void;
}) {
  const props = { ...described(id, error, schema.description), 'aria-required': required || undefined };
  const choices = enumValues(schema);
  if (schema.type === 'boolean') {
    return (
      <input
        type="checkbox"
        className="check-input"
        checked={value === true}
        onChange={(event) => onChange(event.target.checked)}
        {...props}
      />
    );
  }
  const text = typeof value === 'string' ? value : '';
  if (choices) {
    return (
      <select value={text} onChange={(event) => onChange(event.target.value)} {...props}>
        <option value="">{required ? 'Choose…' : '(not set)'}</option>
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  if (schema.type === 'object' || schema.type === 'array') {
    return <textarea rows={3} placeholder="{}" value={text} onChange={(event) => onChange(event.target.value)} {...props} />;
  }
  const numeric = schema.type === 'integer' || schema.type === 'number';
  return (
    <input type={numeric ? 'number' : 'text'} className="mono" value={text} onChange={(event) => onChange(event.target.value)} {...props} />
  );
}

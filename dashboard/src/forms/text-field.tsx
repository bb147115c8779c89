import { useId } from 'react';

export interface TextFieldProps {
  /** The field's name: what `extensions.field` names (without `input.`). */
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The message shown under the field; marks it aria-invalid and describes it. */
  error?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'tel' | 'datetime-local';
  /** e.g. 'numeric' for amounts: a text input, since a browser's number input empties itself on "3,000" and the owner's text would be lost. */
  inputMode?: 'numeric' | 'text';
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
}

/** A labelled input whose error is tied to it (aria-invalid, aria-describedby), so a screen reader reads both. */
export function TextField({ name, label, value, onChange, error, type = 'text', inputMode, autoComplete, required, multiline }: TextFieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const shared = {
    id,
    name,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...shared} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...shared} type={type} inputMode={inputMode} autoComplete={autoComplete} onChange={(e) => onChange(e.target.value)} />
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

import { PageHeading } from '../page-heading';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';

const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
    }
  }
`);

const FIELDS = ['email', 'password', 'name', 'phone'] as const;

export interface SignUpPageProps {
  onSignedIn: (token: string) => void;
  onLogIn: () => void;
}

export function SignUpPage({ onSignedIn, onLogIn }: SignUpPageProps) {
  const t = useMessages();
  const [form, setForm] = useState({ email: '', password: '', name: '', phone: '' });
  const [, signUp] = useMutation(SignUpMutation);
  const submission = useSubmission(FIELDS);
  const set = (field: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.submit(async () => {
      const result = await signUp({ input: { ...form, phone: form.phone.trim() || null } });
      if (result.data) onSignedIn(result.data.signUp.token);
      return result;
    });
  }

  return (
    <main>
      <PageHeading>{t.signUp}</PageHeading>
      <form ref={submission.formRef} onSubmit={onSubmit} noValidate>
        <TextField name="email" label={t.email} type="email" autoComplete="username" value={form.email} onChange={set('email')} error={fieldError(submission.problem, 'email')} required />
        <TextField name="password" label={t.password} type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={fieldError(submission.problem, 'password')} required />
        <TextField name="name" label={t.name} autoComplete="name" value={form.name} onChange={set('name')} error={fieldError(submission.problem, 'name')} required />
        <TextField name="phone" label={t.phone} type="tel" autoComplete="tel" value={form.phone} onChange={set('phone')} error={fieldError(submission.problem, 'phone')} />
        <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
        <button type="submit" disabled={submission.submitting}>
          {t.signUp}
        </button>
      </form>
      <button type="button" className="link" onClick={onLogIn}>
        {t.haveAccount}
      </button>
    </main>
  );
}

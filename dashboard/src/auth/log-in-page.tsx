import { PageHeading } from '../page-heading';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../generated';
import { useMessages } from '../i18n/messages-context';
import { TextField } from '../forms/text-field';
import { fieldError, useSubmission } from '../forms/use-submission';
import { ProblemAlert } from '../errors/problem-alert';

const LogInMutation = graphql(`
  mutation LogIn($email: String!, $password: String!) {
    logIn(email: $email, password: $password) {
      token
    }
  }
`);

const FIELDS = ['email', 'password'] as const;

export interface LogInPageProps {
  onSignedIn: (token: string) => void;
  onSignUp: () => void;
  /** Why the owner is here, e.g. their session expired. */
  notice?: string | undefined;
}

export function LogInPage({ onSignedIn, onSignUp, notice }: LogInPageProps) {
  const t = useMessages();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [, logIn] = useMutation(LogInMutation);
  const submission = useSubmission(FIELDS);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await submission.submit(async () => {
      const result = await logIn({ email, password });
      if (result.data) onSignedIn(result.data.logIn.token);
      return result;
    });
  }

  return (
    <main>
      <PageHeading>{t.logIn}</PageHeading>
      {notice && <p role="status">{notice}</p>}
      <form ref={submission.formRef} onSubmit={onSubmit} noValidate>
        <TextField name="email" label={t.email} type="email" autoComplete="username" value={email} onChange={setEmail} error={fieldError(submission.problem, 'email')} required />
        <TextField name="password" label={t.password} type="password" autoComplete="current-password" value={password} onChange={setPassword} error={fieldError(submission.problem, 'password')} required />
        <ProblemAlert problem={submission.problem} onRetry={submission.retry} />
        <button type="submit" disabled={submission.submitting}>
          {t.logIn}
        </button>
      </form>
      <button type="button" className="link" onClick={onSignUp}>
        {t.needAccount}
      </button>
    </main>
  );
}

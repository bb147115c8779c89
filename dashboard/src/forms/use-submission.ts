import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { CombinedError } from '@urql/core';
import { problemFrom, type Problem } from '../errors/problem';

export interface Submission {
  problem: Problem | null;
  submitting: boolean;
  /** Runs `send`; a failure becomes `problem`. The form's state is the caller's, so nothing typed is lost. */
  submit: (send: () => Promise<{ error?: CombinedError | undefined }>) => Promise<boolean>;
  /** Shows a problem found before sending (e.g. a number field holding letters). */
  show: (problem: Problem) => void;
  /** Sends the last submission again (the alert's retry). */
  retry: () => void;
  /** Attach to the <form>: focus moves to the field a problem names. */
  formRef: RefObject<HTMLFormElement | null>;
}

/** A form's submission: its problem (on a field or in the alert), the retry, the focus move. */
export function useSubmission(fields: readonly string[], fieldOf?: (path: string) => string): Submission {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const last = useRef<(() => Promise<{ error?: CombinedError | undefined }>) | null>(null);

  useEffect(() => {
    if (problem?.kind !== 'field') return;
    const control = formRef.current?.elements.namedItem(problem.field);
    if (control instanceof HTMLElement) control.focus();
  }, [problem]);

  const submit = useCallback(
    async (send: () => Promise<{ error?: CombinedError | undefined }>) => {
      last.current = send;
      setSubmitting(true);
      const { error } = await send();
      setSubmitting(false);
      setProblem(error ? problemFrom(error, fields, fieldOf) : null);
      return !error;
    },
    [fields, fieldOf],
  );
  const retry = useCallback(() => {
    if (last.current) void submit(last.current);
  }, [submit]);
  return { problem, submitting, submit, show: setProblem, retry, formRef };
}

/** The message to show on `field`, if the problem is about it. */
export function fieldError(problem: Problem | null, field: string): string | undefined {
  return problem?.kind === 'field' && problem.field === field ? problem.message : undefined;
}

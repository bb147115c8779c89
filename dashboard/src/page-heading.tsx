import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A page's <h1>, focused when the page opens: the app changes pages without a browser
 * navigation, so without it focus would stay on a button that is gone and a screen reader
 * would not say where the owner now is.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

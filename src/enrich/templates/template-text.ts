/**
 * Template text helpers: rendering template tokens as a Loghub-style string and the stable id
 * derived from a template's first text. Pure, no IO.
 */
import { createHash } from 'node:crypto';
import { WILDCARD } from './masking.js';

/**
 * Joins template tokens with single spaces and merges wildcards that touch each other
 * (`<*><*>` → `<*>`) or are joined by a dot (`<*>.<*>` → `<*>`), as the Loghub-2.0 corrected
 * labels do (their rules CV and DV).
 */
export function renderTemplate(tokens: readonly string[]): string {
  let s = tokens.join(' ');
  if (s.indexOf(WILDCARD) < 0) return s;
  for (;;) {
    const next = s.replaceAll('<*><*>', WILDCARD).replaceAll('<*>.<*>', WILDCARD);
    if (next === s) return s;
    s = next;
  }
}

/**
 * The id given to a template when it is created: 16 hex characters of SHA-256 over its first
 * (masked) text. Deterministic, so the same input in the same order yields the same ids; it is
 * persisted, so a template keeps it when it later generalizes.
 */
export function templateIdFor(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

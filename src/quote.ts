/** The longest part of a client's text an answer or a log line repeats. */
export const MAX_QUOTED = 100;

/** A client's text as messages quote it: at most its first 100 characters, so no answer echoes megabytes. */
export const quote = (text: string): string =>
  text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED)}… (${text.length} characters)`;

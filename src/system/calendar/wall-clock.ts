/**
 * Wall-clock time of an IANA zone as "floating" dates: a Date whose UTC fields are the local time there. Recurrences
 * are expanded in floating time (so 02:00 stays 02:00 across daylight-saving changes) and turned back into instants.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** The local wall-clock time at `instant` in `timeZone`, as a floating date. */
export function toFloating(instant: Date, timeZone: string): Date {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second, instant.getUTCMilliseconds()));
}

/** The instant whose local time in `timeZone` is `floating` (a time skipped by a DST change moves forward). */
export function fromFloating(floating: Date, timeZone: string): Date {
  let guess = floating.getTime();
  for (let i = 0; i < 3; i++) {
    const offset = toFloating(new Date(guess), timeZone).getTime() - guess;
    const next = floating.getTime() - offset;
    if (next === guess) break;
    guess = next;
  }
  return new Date(guess);
}

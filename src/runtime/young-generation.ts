import { setFlagsFromString } from 'node:v8';

/**
 * Start-up (loading modules, registering routes) keeps most of what it allocates, and V8 answers such survival
 * rates by growing the young generation to its maximum: 32 MB of memory that an idle server then holds for a
 * long while. Called by the CLI before it loads the rest, this keeps the young generation at its initial size
 * while the process starts and idles; `releaseYoungGeneration` gives V8 back its usual growth when the first
 * client arrives, so a server under load sizes it as always.
 */
const V8_DEFAULT_GROWTH_FACTOR = 2;

export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

export function releaseYoungGeneration(): void {
  setFlagsFromString(`--semi-space-growth-factor=${V8_DEFAULT_GROWTH_FACTOR}`);
}

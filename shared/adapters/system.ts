import { randomUUID } from 'node:crypto';
import type { Ids, Sleep } from '../domain/ports.js';

/** Fresh random ids (UUID v4 text) from the platform's CSPRNG. */
export const systemIds: Ids = { next: () => randomUUID() };

/** Waits on the event loop's timer. */
export const systemSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

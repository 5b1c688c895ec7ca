import { hash } from 'node:crypto';

/** SHA-256 of a string, as hex: one call, without the Hash object `createHash` builds (Node ≥ 20.12). */
export const sha256Hex = (text: string): string => hash('sha256', text, 'hex');

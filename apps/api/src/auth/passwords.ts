import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). hash-wasm runs it in WebAssembly, so
// no native add-on needs building; the encoded form keeps the parameters with the hash, so
// they can be raised later without breaking old hashes.
const PARAMS = { parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...PARAMS, password, salt: randomBytes(16), outputType: 'encoded' });
}

export async function verifyPassword({ hash, password }: { hash: string; password: string }): Promise<boolean> {
  if (!hash.startsWith('$argon2id$')) return false;
  return argon2Verify({ password, hash });
}

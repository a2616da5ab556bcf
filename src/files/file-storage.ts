/**
 * Where evidence files' bytes are kept, by their SHA-256 (content-addressed: the same file
 * uploaded twice is kept once, and a hash in the history names exactly the bytes it attached).
 * Features depend on this abstract class only; the disk store fills it by default, an
 * S3-compatible store can fill it later without touching them.
 */
export abstract class FileStorage {
  /**
   * Keeps the bytes under their hash, durably, before returning: a command that refers to them
   * commits only after this. Storing bytes that are already there changes nothing.
   */
  abstract put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when nothing is kept under that hash. */
  abstract get(sha256: string): Promise<Buffer | null>;
  abstract exists(sha256: string): Promise<boolean>;
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

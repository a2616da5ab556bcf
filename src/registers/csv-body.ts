import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as iconv from 'iconv-lite';
import { InvalidInputError } from '../common/domain-errors';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** UTF-8 must be valid: a wrong guess would garble names silently. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The five byte values Windows-1252 leaves undefined: a file holding one is not Windows-1252. */
const UNDEFINED_IN_WINDOWS_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

export const ACCEPTED_CSV_ENCODINGS = 'UTF-8 (with or without a byte order mark) or Windows-1252 (what Excel\'s plain "CSV" saves)';

export type CsvEncoding = 'utf-8' | 'windows-1252';

/**
 * The text of a CSV file whose encoding nobody declared, told from its bytes: a UTF-8 byte order
 * mark means UTF-8; bytes that are valid UTF-8 are UTF-8 (Windows-1252 text with any accented
 * letter, £ or dash is not); otherwise Windows-1252, unless a byte Windows-1252 does not define
 * shows it is neither. null when it is neither. The text never keeps the byte order mark.
 */
export function detectCsvText(bytes: Buffer): { text: string; encoding: CsvEncoding } | null {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) {
    try {
      return { text: strictUtf8.decode(bytes.subarray(3)), encoding: 'utf-8' };
    } catch {
      return null;
    }
  }
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    // not UTF-8: Windows-1252, if every byte is one it defines
  }
  for (const byte of bytes) if (UNDEFINED_IN_WINDOWS_1252.has(byte)) return null;
  return { text: iconv.decode(bytes, 'windows-1252'), encoding: 'windows-1252' };
}

/**
 * The text of a CSV body: a declared charset other than UTF-8 (e.g. `text/csv; charset=iso-8859-15`)
 * is decoded as declared; otherwise (no charset, or utf-8, which many clients add whatever the
 * bytes) the encoding is told from the bytes (detectCsvText). Anything else is a 400 that says
 * which encodings are accepted.
 */
export function decodeCsvBody(contentType: string | undefined, body: Buffer): string {
  const charset = CHARSET.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    if (!iconv.encodingExists(charset)) {
      throw new InvalidInputError(`Unknown character set "${charset}".`, [
        { field: 'content-type', message: `charset "${charset}" is not one this service can read; send ${ACCEPTED_CSV_ENCODINGS}` },
      ]);
    }
    return iconv.decode(body, charset).replace(/^\uFEFF/, '');
  }
  const decoded = detectCsvText(body);
  if (!decoded) throw csvEncodingError();
  return decoded.text;
}

export function csvEncodingError(field = 'body'): InvalidInputError {
  return new InvalidInputError(`The CSV file is in an encoding this service cannot read: it accepts ${ACCEPTED_CSV_ENCODINGS}.`, [
    { field, message: `is neither UTF-8 nor Windows-1252: save the file as "CSV UTF-8" (or Excel's plain "CSV") and upload it again` },
  ]);
}

/** Register CSV imports arrive as text/csv: read as bytes within the body limit, then decoded. */
export function registerCsvBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, decodeCsvBody(request.headers['content-type'], body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

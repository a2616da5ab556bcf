import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as iconv from 'iconv-lite';
import { InvalidInputError } from '../common/domain-errors';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/** UTF-8 (the default, with or without Excel's BOM) must be valid: a wrong guess would garble names silently. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text of a CSV body in its declared charset: `text/csv; charset=windows-1252` (what Excel's
 * plain "CSV" saves on Windows) and every other charset iconv-lite knows are decoded; without a
 * charset the file must be UTF-8. Anything else is a 400 that says how to fix it.
 */
export function decodeCsvBody(contentType: string | undefined, body: Buffer): string {
  const charset = CHARSET.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
  if (charset === 'utf-8' || charset === 'utf8') {
    try {
      return strictUtf8.decode(body);
    } catch {
      throw new InvalidInputError('The CSV file is not valid UTF-8.', [
        { field: 'body', message: 'is not UTF-8: save the file as "CSV UTF-8", or send Content-Type: text/csv; charset=windows-1252' },
      ]);
    }
  }
  if (!iconv.encodingExists(charset)) {
    throw new InvalidInputError(`Unknown character set "${charset}".`, [{ field: 'content-type', message: `charset "${charset}" is not one this service can read (e.g. utf-8, windows-1252)` }]);
  }
  return iconv.decode(body, charset);
}

/** Register CSV imports arrive as text/csv: read as bytes within the body limit, then decoded by their charset. */
export function registerCsvBodyParser(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      done(null, decodeCsvBody(request.headers['content-type'], body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

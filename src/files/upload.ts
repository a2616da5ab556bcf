import { PayloadTooLargeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../common/domain-errors';
import type { Upload } from './evidence-files.service';

/** The one multipart field that carries the file. */
export const FILE_FIELD = 'file';

/** "20 MB", "512 KB", "2000 bytes": a limit as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

export class FileTooLargeError extends PayloadTooLargeException {
  constructor(readonly limitBytes: number) {
    super({ error: 'PayloadTooLarge', message: `The file is larger than the limit of ${formatBytes(limitBytes)} (${limitBytes} bytes); nothing was attached.`, limitBytes });
  }
}

/**
 * The one file of a multipart/form-data request, read within the limits: one file of at most
 * `limitBytes` in the field `file`, a few small fields, few parts. Over the size: 413 naming the
 * limit; no file, another field name or a body that is not multipart: 400.
 */
export async function readUpload(request: FastifyRequest, limitBytes: number, field = FILE_FIELD): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new InvalidInputError('Send the file as multipart/form-data.', [{ field, message: `is required: send the file as multipart/form-data in the field "${field}"` }]);
  }
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  let bytes: Buffer;
  try {
    part = await request.file({ limits: { fileSize: limitBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6 } });
    if (!part || part.fieldname !== field) {
      throw new InvalidInputError('No file was sent.', [{ field, message: `is required: send the file in the multipart field "${field}"` }]);
    }
    bytes = await part.toBuffer();
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new FileTooLargeError(limitBytes);
    if ((error as { statusCode?: number }).statusCode === 413) {
      throw new InvalidInputError('The form has too many parts.', [{ field, message: 'send one file and nothing else' }]);
    }
    // only the request's body is read here: whatever went wrong is in the body (cut short, malformed)
    throw new InvalidInputError('The multipart body could not be read.', [{ field, message: `could not be read (${String((error as Error).message ?? error).slice(0, 200)})` }]);
  }
  return { filename: part.filename ?? '', bytes };
}

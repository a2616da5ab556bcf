import type { AttachmentView } from '../../files/evidence-files.service';
import { ACCEPTED_TYPES_TEXT } from '../../files/evidence-type';
import { formatBytes } from '../../files/upload';

/** An attached file as a page lists it: a download link, its size, who attached it and when. */
export interface FileRow {
  id: string;
  filename: string;
  href: string;
  sizeText: string;
  attachedBy: string;
  attachedOn: string;
}

export function fileRows(files: readonly AttachmentView[] = []): FileRow[] {
  return files.map((f) => ({
    id: f.id,
    filename: f.filename,
    href: `/files/${f.id}`,
    sizeText: sizeText(f.size),
    attachedBy: f.attachedBy,
    attachedOn: new Date(f.attachedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }),
  }));
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The upload field's hint: what can be attached, and how big. */
export function uploadHint(limitBytes: number): string {
  return `${ACCEPTED_TYPES_TEXT}, up to ${formatBytes(limitBytes)}.`;
}

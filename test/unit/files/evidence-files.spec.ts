import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { replayAttachments, SavedAttachment, targetKey, targetOf, AttachmentTarget } from '../../../workflows';
import { DiskFileStorage } from '../../../src/files/disk-file-storage';
import { attachmentDisposition, detectEvidenceType, evidenceFilename } from '../../../src/files/evidence-type';
import { detectCsvText } from '../../../src/registers/csv-body';

const text = (s: string) => new TextEncoder().encode(s);

describe('evidence type from content', () => {
  it('an OOXML zip needs both the main content type and its folder', () => {
    const main = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';
    const withFolder = Buffer.from(zipSync({ '[Content_Types].xml': text(`<Types><Override PartName="/word/document.xml" ContentType="${main}"/></Types>`), 'word/document.xml': text('<w/>') }));
    expect(detectEvidenceType(withFolder)).toMatchObject({ accepted: true, type: { extension: 'docx' } });
    const withoutFolder = Buffer.from(zipSync({ '[Content_Types].xml': text(`<Types><Override ContentType="${main}"/></Types>`), 'other/x.xml': text('<w/>') }));
    expect(detectEvidenceType(withoutFolder).accepted).toBe(false);
  });

  it('an ODF zip is told by its mimetype entry, and an unknown one refused', () => {
    expect(detectEvidenceType(Buffer.from(zipSync({ mimetype: [text('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }] })))).toMatchObject({ accepted: true, type: { extension: 'ods' } });
    expect(detectEvidenceType(Buffer.from(zipSync({ mimetype: [text('application/vnd.oasis.opendocument.graphics'), { level: 0 }] })))).toMatchObject({ accepted: false, seen: expect.stringContaining('OpenDocument file of another kind') });
  });

  it('a truncated zip or compound file is refused, never thrown', () => {
    const zip = Buffer.from(zipSync({ mimetype: text('application/vnd.oasis.opendocument.text') }));
    expect(detectEvidenceType(zip.subarray(0, 20))).toEqual({ accepted: false, seen: 'a damaged zip file' });
    expect(detectEvidenceType(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual({ accepted: false, seen: 'a damaged Office 97-2003 file' });
  });

  it('CSV is text that decodes, without markup, control bytes or unpaired quotes', () => {
    expect(detectEvidenceType(Buffer.from('a,b\r\n1,"two, three"\r\n'))).toMatchObject({ accepted: true, type: { contentType: 'text/csv' } });
    expect(detectEvidenceType(Buffer.from('a,b\r\n1,<svg onload=x>\r\n')).accepted).toBe(false);
    expect(detectEvidenceType(Buffer.from('a,b\u0000\u0001')).accepted).toBe(false);
    expect(detectEvidenceType(Buffer.from('a,"b\r\n1,2\r\n')).accepted).toBe(false);
    expect(detectEvidenceType(Buffer.from('   \r\n')).accepted).toBe(false);
  });
});

describe('CSV encodings', () => {
  it('UTF-8 with or without a BOM, Windows-1252 otherwise, neither when an undefined byte shows', () => {
    expect(detectCsvText(Buffer.from('\ufeffCafé – £1', 'utf8'))).toEqual({ text: 'Café – £1', encoding: 'utf-8' });
    expect(detectCsvText(Buffer.from('Café – £1', 'utf8'))).toEqual({ text: 'Café – £1', encoding: 'utf-8' });
    expect(detectCsvText(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0xa3, 0x31, 0x80]))).toEqual({ text: 'Café – £1€', encoding: 'windows-1252' });
    for (const byte of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) expect(detectCsvText(Buffer.from([0x61, 0xe9, byte]))).toBeNull();
    // a BOM promises UTF-8: what follows must be UTF-8
    expect(detectCsvText(Buffer.from([0xef, 0xbb, 0xbf, 0xe9]))).toBeNull();
  });
});

describe('file names', () => {
  it('keep the uploader\'s name without folders or quotes, ending in the detected type', () => {
    const pdf = { extension: 'pdf', contentType: 'application/pdf', label: 'PDF' } as const;
    expect(evidenceFilename('C:\\Users\\me\\Board minutes.pdf', pdf)).toBe('Board minutes.pdf');
    expect(evidenceFilename('../../etc/"passwd"', pdf)).toBe('passwd.pdf');
    expect(evidenceFilename('run.bat', { extension: 'csv', contentType: 'text/csv', label: 'CSV' })).toBe('run.bat.csv');
    expect(evidenceFilename('', pdf)).toBe('evidence.pdf');
    expect(evidenceFilename(`${'a'.repeat(300)}.pdf`, pdf)).toHaveLength(200);
    expect(attachmentDisposition('Plan – £ "final".pdf')).toBe(`attachment; filename="Plan _ _ _final_.pdf"; filename*=UTF-8''Plan%20%E2%80%93%20%C2%A3%20%22final%22.pdf`);
  });
});

describe('disk file storage', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'phw-files-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps bytes under their SHA-256, once, with no temporary file left', async () => {
    const store = new DiskFileStorage(dir);
    const bytes = Buffer.from('minutes of the board');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(await store.exists(sha)).toBe(false);
    await store.put(sha, bytes);
    await store.put(sha, bytes);
    expect(readFileSync(join(dir, sha.slice(0, 2), sha)).equals(bytes)).toBe(true);
    expect(readdirSync(join(dir, sha.slice(0, 2)))).toEqual([sha]);
    expect((await store.get(sha))!.equals(bytes)).toBe(true);
    expect(await store.get('0'.repeat(64))).toBeNull();
  });

  it('refuses bytes that do not hash to the name given, and names that are not a hash', async () => {
    const store = new DiskFileStorage(dir);
    await expect(store.put('0'.repeat(64), Buffer.from('x'))).rejects.toThrow(/hash to/);
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/not a SHA-256/);
  });
});

describe('attachments rebuilt from their events', () => {
  const row = (over: Partial<SavedAttachment> = {}): SavedAttachment => ({
    id: 'a1', targetKind: 'deliverable', stage: 'planning-and-codesign', targetKey: 'confirm-scope', filename: 'm.pdf', contentType: 'application/pdf',
    size: 3, sha256: 'f'.repeat(64), attachedAt: '2026-01-01T00:00:00.000Z', attachedById: 'u', attachedByName: 'Pat', removedAt: null, removedById: null, removedByName: null, ...over,
  });

  it('accepted attach and remove entries give the rows; refused ones change nothing', () => {
    const removed = row({ removedAt: '2026-01-02T00:00:00.000Z', removedById: 'u', removedByName: 'Pat' });
    const rows = replayAttachments([
      { type: 'FILE_ATTACHED', outcome: 'accepted', payload: { attachment: row() } },
      { type: 'FILE_ATTACHED', outcome: 'refused', payload: { id: 'a2' } },
      { type: 'FILE_ATTACHED', outcome: 'accepted', payload: { attachment: row({ id: 'a3' }) } },
      { type: 'FILE_REMOVED', outcome: 'accepted', payload: { attachment: removed, before: row() } },
    ]);
    expect([...rows.values()]).toEqual([removed, row({ id: 'a3' })]);
  });

  it('a target survives its round trip through the row key', () => {
    const targets: AttachmentTarget[] = [
      { kind: 'deliverable', stage: 'planning-and-codesign', deliverable: 'confirm-scope' },
      { kind: 'register-record', stage: 'population-health-and-care-needs', register: 'urgent-concerns', recordId: 'uc/odd/id' },
      { kind: 'review-comment', stage: 'planning-and-codesign', commentId: 12 },
      { kind: 'business-case-section', stage: 'development-of-options', section: 'financial' },
    ];
    for (const target of targets) expect(targetOf(target.kind, target.stage, targetKey(target))).toEqual(target);
  });
});

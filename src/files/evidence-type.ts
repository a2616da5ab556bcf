import * as CFB from 'cfb';
import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { detectCsvText } from '../registers/csv-body';

/**
 * What an evidence file is, told from its bytes and never from its name: the fixed signatures
 * of PDF, PNG and JPEG; inside a zip, the OOXML content types (Word, Excel) or the ODF `mimetype`
 * entry; inside an OLE2 compound file, the Word or Excel stream; and CSV as text that decodes
 * (UTF-8 or Windows-1252), carries no markup or script, and parses as CSV. Everything else,
 * renamed programs and web pages among it, is refused.
 */
export interface EvidenceType {
  /** The usual extension, and the short name people know. */
  extension: 'pdf' | 'png' | 'jpg' | 'docx' | 'xlsx' | 'odt' | 'ods' | 'odp' | 'doc' | 'xls' | 'csv';
  contentType: string;
  label: string;
}

export type Detection = { accepted: true; type: EvidenceType } | { accepted: false; seen: string };

export const ACCEPTED_TYPES_TEXT =
  'PDF, Word (.doc, .docx), Excel (.xls, .xlsx), CSV, OpenDocument (.odt, .ods, .odp), PNG or JPEG';

const TYPES = {
  pdf: { extension: 'pdf', contentType: 'application/pdf', label: 'PDF' },
  png: { extension: 'png', contentType: 'image/png', label: 'PNG image' },
  jpg: { extension: 'jpg', contentType: 'image/jpeg', label: 'JPEG image' },
  docx: { extension: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document' },
  xlsx: { extension: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook' },
  odt: { extension: 'odt', contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text' },
  ods: { extension: 'ods', contentType: 'application/vnd.oasis.opendocument.spreadsheet', label: 'OpenDocument spreadsheet' },
  odp: { extension: 'odp', contentType: 'application/vnd.oasis.opendocument.presentation', label: 'OpenDocument presentation' },
  doc: { extension: 'doc', contentType: 'application/msword', label: 'Word 97-2003 document' },
  xls: { extension: 'xls', contentType: 'application/vnd.ms-excel', label: 'Excel 97-2003 workbook' },
  csv: { extension: 'csv', contentType: 'text/csv', label: 'CSV file' },
} as const satisfies Record<string, EvidenceType>;

const startsWith = (bytes: Buffer, signature: number[] | string) =>
  bytes.subarray(0, signature.length).equals(typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature));

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** The OOXML main parts that make a docx or xlsx (macro-enabled and template variants have others). */
const OOXML_MAIN = [
  { type: TYPES.docx, folder: 'word/', part: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' },
  { type: TYPES.xlsx, folder: 'xl/', part: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml' },
];

const ODF = new Map<string, EvidenceType>([
  [TYPES.odt.contentType, TYPES.odt],
  [TYPES.ods.contentType, TYPES.ods],
  [TYPES.odp.contentType, TYPES.odp],
]);

/** The two small zip entries read to tell the type; anything bigger is not a real one. */
const MAX_DESCRIPTOR_BYTES = 256 * 1024;

export function detectEvidenceType(bytes: Buffer): Detection {
  if (bytes.length === 0) return { accepted: false, seen: 'an empty file' };
  if (startsWith(bytes, '%PDF-')) return ok(TYPES.pdf);
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return ok(TYPES.png);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return ok(TYPES.jpg);
  if (startsWith(bytes, ZIP)) return zipType(bytes);
  if (startsWith(bytes, OLE2)) return compoundType(bytes);
  const program = programKind(bytes);
  if (program) return { accepted: false, seen: program };
  return csvType(bytes);
}

function ok(type: EvidenceType): Detection {
  return { accepted: true, type };
}

/** OOXML or ODF, told from the zip's central directory: only two small entries are inflated. */
function zipType(bytes: Buffer): Detection {
  const names: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        names.push(file.name);
        return (file.name === 'mimetype' || file.name === '[Content_Types].xml') && file.originalSize <= MAX_DESCRIPTOR_BYTES;
      },
    });
  } catch {
    return { accepted: false, seen: 'a damaged zip file' };
  }
  const mimetype = entries.mimetype ? Buffer.from(entries.mimetype).toString('latin1').trim() : undefined;
  if (mimetype !== undefined) {
    const odf = ODF.get(mimetype);
    return odf ? ok(odf) : { accepted: false, seen: `an OpenDocument file of another kind (${mimetype.slice(0, 80)})` };
  }
  const contentTypes = entries['[Content_Types].xml'] ? Buffer.from(entries['[Content_Types].xml']).toString('utf8') : undefined;
  if (contentTypes !== undefined) {
    for (const main of OOXML_MAIN) {
      if (contentTypes.includes(`"${main.part}"`) && names.some((n) => n.startsWith(main.folder))) return ok(main.type);
    }
    return { accepted: false, seen: 'an Office file of another kind (e.g. macro-enabled, a template or PowerPoint)' };
  }
  return { accepted: false, seen: 'a zip archive' };
}

/** Word 97-2003 or Excel 97-2003, told from the streams of the OLE2 compound file. */
function compoundType(bytes: Buffer): Detection {
  let names: string[];
  try {
    names = CFB.read(bytes, { type: 'buffer' }).FileIndex.map((entry) => entry.name);
  } catch {
    return { accepted: false, seen: 'a damaged Office 97-2003 file' };
  }
  if (names.includes('WordDocument')) return ok(TYPES.doc);
  if (names.includes('Workbook') || names.includes('Book')) return ok(TYPES.xls);
  return { accepted: false, seen: 'an Office 97-2003 file of another kind (e.g. PowerPoint or Outlook)' };
}

/** Programs and scripts, named so the refusal can say what the file looked like. */
function programKind(bytes: Buffer): string | undefined {
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'a program (ELF)';
  if (startsWith(bytes, 'MZ')) return 'a Windows program (EXE or DLL)';
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) || startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe]) || startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe])) return 'a program (Mach-O or Java class)';
  if (startsWith(bytes, '#!')) return 'a script';
  return undefined;
}

/** Markup a browser would run or render: never accepted as CSV, whatever the name. */
const MARKUP = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style)\b/i;
/** C0 controls other than tab, line feed, form feed and carriage return: binary, not text. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;

function csvType(bytes: Buffer): Detection {
  const decoded = detectCsvText(bytes);
  if (!decoded) return { accepted: false, seen: 'a file that is neither a known document nor text' };
  const text = decoded.text;
  if (CONTROL.test(text)) return { accepted: false, seen: 'a binary file of an unknown kind' };
  if (MARKUP.test(text)) return { accepted: false, seen: 'a web page or other markup (HTML, SVG or XML)' };
  if (text.trim() === '') return { accepted: false, seen: 'an empty file' };
  try {
    parseCsv(text, { relax_column_count: true, skip_empty_lines: true });
  } catch {
    return { accepted: false, seen: 'text that is not CSV (its quotes do not pair up)' };
  }
  return ok(TYPES.csv);
}

/** Extensions a name may already end with for each type (else the type's own is added). */
const EXTENSIONS: Record<EvidenceType['extension'], string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpg: ['jpg', 'jpeg', 'jpe'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  odt: ['odt'],
  ods: ['ods'],
  odp: ['odp'],
  doc: ['doc'],
  xls: ['xls'],
  csv: ['csv'],
};

const MAX_FILENAME = 200;

/**
 * The name a file is kept and downloaded under: the uploader's own, without any folder, control
 * or quote characters, and ending in its detected type's extension ("minutes.bat" holding CSV
 * becomes "minutes.bat.csv"), so a download never opens as something it is not.
 */
export function evidenceFilename(original: string, type: EvidenceType): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  let name = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f"<>|:*?]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  if (name === '') name = 'evidence';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (!EXTENSIONS[type.extension].includes(extension)) name = `${name}.${type.extension}`;
  if (name.length > MAX_FILENAME) {
    const ext = name.slice(name.lastIndexOf('.'));
    name = name.slice(0, MAX_FILENAME - ext.length) + ext;
  }
  return name;
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

import { crc32 } from 'node:zlib';

/** What the central directory of a .zip says of each file: its CRC-32 and uncompressed size. */
export interface ZipEntryChecksum {
  crc: number;
  size: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const UTF8_NAMES = 0x800;

/**
 * Reads the central directory, which the unzip library does not check against what it inflates: a file whose
 * declared size was made smaller inflated into a buffer of that size and came out cut short, without an error.
 * Returns null for a directory it cannot read (the unzip itself reports a damaged archive) or a ZIP64 one.
 */
export function zipChecksums(zip: Uint8Array): Map<string, ZipEntryChecksum> | null {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // The end record is 22 bytes plus a comment of up to 65,535, at the very end.
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) return null;
  const entries = new Map<string, ZipEntryChecksum>();
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || view.getUint32(at, true) !== CENTRAL_FILE_HEADER) return null;
    const flags = view.getUint16(at + 8, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    // As the unzip library names files: UTF-8 when the archive says so, else one byte a character.
    const name = flags & UTF8_NAMES ? new TextDecoder().decode(nameBytes) : String.fromCharCode(...nameBytes);
    entries.set(name, { crc, size });
    at += 46 + skip;
  }
  return entries;
}

/** The names of the unpacked files whose content does not match the central directory's size and CRC-32. */
export function damagedFiles(files: Record<string, Uint8Array>, checksums: Map<string, ZipEntryChecksum>): string[] {
  return Object.entries(files)
    .filter(([name, bytes]) => {
      const entry = checksums.get(name);
      return entry === undefined || entry.size !== bytes.length || entry.crc !== crc32(bytes);
    })
    .map(([name]) => name);
}

// Reading a downloaded zip in a test: its entries from the central directory, and one file's
// bytes (stored or deflated). Enough for the exports, which Python's zipfile writes.
import { inflateRawSync } from "node:zlib";

interface Entry {
  method: number;
  compressedSize: number;
  localHeader: number;
}

/** The files in a zip archive by name (throws when the bytes are not a complete zip). */
export function zipEntries(zip: Buffer): Map<string, Entry> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])); // end of central directory
  if (end < 0) throw new Error("not a zip: no end of central directory record");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Entry>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`not a zip: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    entries.set(name, {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one file in the archive. */
export function zipFile(zip: Buffer, name: string): Buffer {
  const entry = zipEntries(zip).get(name);
  if (!entry) throw new Error(`${name} is not in the zip`);
  const header = entry.localHeader;
  const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data;
  if (entry.method === 8) return inflateRawSync(data);
  throw new Error(`${name}: compression method ${entry.method} is not supported here`);
}

/** Attachment bytes on disk under DATA_DIR/files, content-addressed by SHA-256. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface FileStore {
  /** Writes the bytes durably and returns their key and digest. */
  put(bytes: Buffer): Promise<{ key: string; sha256: string }>;
  path(key: string): string;
}

export function fileStore(dataDir: string): FileStore {
  const root = path.join(dataDir, 'files');
  return {
    async put(bytes) {
      const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      const key = `${sha256.slice(0, 2)}/${sha256}`;
      const file = path.join(root, key);
      if (!fs.existsSync(file)) {
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
        const fh = await fs.promises.open(tmp, 'w');
        try {
          await fh.writeFile(bytes);
          await fh.sync(); // acknowledged means on disk
        } finally {
          await fh.close();
        }
        await fs.promises.rename(tmp, file);
      }
      return { key, sha256 };
    },
    path: (key) => path.join(root, key),
  };
}

/** The file types we accept, recognised by their first bytes rather than by name or header. */
export function sniffMime(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'image/gif';
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.subarray(4, 8).toString('latin1') === 'ftyp') {
    const brand = b.subarray(8, 12).toString('latin1');
    if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  }
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** The check-in QR encoder against reference symbols (made by segno 1.4, its byte-boundary padding bug corrected: it adds a 0x00 codeword the standard does not). */
import { describe, expect, it } from 'vitest';
import { qrMatrix } from './qr';

const REFERENCE: Record<string, { mask: number; rows: string[] }> = {
  "123456": {
    mask: 0,
    rows: [
      '111111100000101111111',
      '100000101001101000001',
      '101110100111101011101',
      '101110100111001011101',
      '101110101101101011101',
      '100000100111001000001',
      '111111101010101111111',
      '000000000000000000000',
      '101010100100100010010',
      '011110010001010101001',
      '001100111101011100001',
      '000110000001110111000',
      '101100110111011101001',
      '000000001000001101001',
      '111111100100100011001',
      '100000100110001111011',
      '101110101000101111011',
      '101110100111010010010',
      '101110101001011010101',
      '100000100011110001010',
      '111111101001011111011',
    ],
  },
  "/m/cogov/activities/12?code=049222": {
    mask: 3,
    rows: [
      '11111110110101110101001111111',
      '10000010110111001010101000001',
      '10111010001100001010001011101',
      '10111010111110110100101011101',
      '10111010011010101101101011101',
      '10000010000001011101101000001',
      '11111110101010101010101111111',
      '00000000110110011110100000000',
      '10110111000101011111101001011',
      '01011101101111110111011110011',
      '11000110010101000010001101010',
      '01100101101100011010111100010',
      '10100111010100111101000100101',
      '10010000111110110101111001001',
      '01100010101101001011111110101',
      '11000000110100100011011011000',
      '10010111101100101010010110011',
      '00100101001010111000100100000',
      '10101111111101110000111111100',
      '00111001001011110110010101111',
      '01011110110111100101111111110',
      '00000000110110000100100011111',
      '11111110110100101111101011000',
      '10000010110111101010100010000',
      '10111010010010001110111111110',
      '10111010101100010111110111101',
      '10111010101111001001110101101',
      '10000010000101111010100100010',
      '11111110101100001001100010010',
    ],
  },
};

const rows = (m: boolean[][]) => m.map((r) => r.map((v) => (v ? '1' : '0')).join(''));

describe('qrMatrix', () => {
  it('draws the reference symbols module for module (version 1 and 3, level M, a given mask)', () => {
    for (const [text, ref] of Object.entries(REFERENCE)) expect(rows(qrMatrix(text, ref.mask)!), text).toEqual(ref.rows);
  });

  it('picks the smallest version that holds the text, and refuses what version 6 cannot hold', () => {
    expect(qrMatrix('123456')!.length).toBe(21);
    expect(qrMatrix('x'.repeat(20))!.length).toBe(25);
    expect(qrMatrix('x'.repeat(106))!.length).toBe(41);
    expect(qrMatrix('x'.repeat(107))).toBeNull();
  });

  it('chooses a mask whose format bits it writes in both copies', () => {
    const m = qrMatrix('https://gz.example/m/cogov/activities/7?session=8&code=123456')!;
    const n = m.length;
    const first = [0, 1, 2, 3, 4, 5, 7, 8].map((r) => m[r]![8]).concat([7, 5, 4, 3, 2, 1, 0].map((c) => m[8]![c]));
    const second = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => m[8]![n - 1 - i]).concat([8, 9, 10, 11, 12, 13, 14].map((i) => m[n - 15 + i]![8]));
    expect(first).toEqual(second);
    expect(m[n - 8]![8]).toBe(true); // the dark module
  });
});

import type ExcelJS from 'exceljs';
import { isoFromUtcDate } from '../../../../shared/dates';
import { badCharText, findBadChar } from '../../../../shared/text';

/**
 * A cell reduced to what an importer may trust: its shown text or number, never a live formula.
 * Rich text and cells with furigana give their base text; a formula counts by its cached result.
 */
export type RawCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; numFmt: string }
  | { kind: 'date'; iso: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; message: string };

const empty: RawCell = { kind: 'empty' };

/**
 * A text cell, or an error when the text holds a character Kaname never stores (a control character
 * or noncharacter written as _xHHHH_, U+FDD0…): the row is refused at that cell (docs/bad-text.md).
 */
export function textCell(text: string): RawCell {
  if (text.trim() === '') return empty;
  const bad = findBadChar(text);
  return bad ? { kind: 'error', message: badCharText(bad) } : { kind: 'text', text };
}

function fromPrimitive(v: unknown, numFmt: string): RawCell {
  if (v === null || v === undefined) return empty;
  if (typeof v === 'string') return textCell(v);
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v, numFmt } : empty;
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date) {
    return Number.isNaN(v.getTime())
      ? { kind: 'error', message: '日付の値が壊れています' }
      : { kind: 'date', iso: isoFromUtcDate(v) };
  }
  return { kind: 'error', message: '読み取れない値です' };
}

export function readCell(cell: ExcelJS.Cell): RawCell {
  const v = cell.value as unknown;
  if (typeof v === 'string') return textCell(v);
  // The display format matters only for numbers (a 職員番号 shown as 000123).
  const numFmt = typeof cell.numFmt === 'string' ? cell.numFmt : '';
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof Date) return fromPrimitive(v, numFmt);
  if ('richText' in v && Array.isArray(v.richText)) {
    const text = (v.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
    return textCell(text);
  }
  if ('error' in v) return { kind: 'error', message: `エラー値（${String(v.error)}）です` };
  if ('formula' in v || 'sharedFormula' in v) {
    const result = (v as { result?: unknown }).result;
    if (result === undefined || result === null) {
      return { kind: 'error', message: '数式の計算結果が保存されていません。Excel で開いて保存し直してください' };
    }
    if (typeof result === 'object' && !(result instanceof Date) && 'error' in result) {
      return { kind: 'error', message: `数式の結果がエラー値（${String(result.error)}）です` };
    }
    return fromPrimitive(result, numFmt);
  }
  if ('text' in v && 'hyperlink' in v) return fromPrimitive((v as { text: unknown }).text, numFmt);
  return { kind: 'error', message: '読み取れない値です' };
}

/** A short rendering of the cell for messages and diffs. */
export function cellDisplay(c: RawCell): string {
  switch (c.kind) {
    case 'empty':
      return '';
    case 'text':
      return c.text;
    case 'number':
      return String(c.value);
    case 'date':
      return c.iso;
    case 'bool':
      return c.value ? 'TRUE' : 'FALSE';
    case 'error':
      return '';
  }
}

import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { FormKind, SectionRow } from '../../../../shared/contract';
import { fiscalYearShort } from '../../../../shared/fiscal-year';
import { request } from '../../client';
import { useFiscalYear } from '../../fiscal-year';
import { useNotify } from '../../notify';
import { savedMessage, saveExport } from '../../files';
import { useLoad } from '../../hooks/useLoad';
import { formKindOrder, importKindInfo } from './kinds';

const everyone = '__everyone__';
type Busy = `${FormKind}:${'roundtrip' | 'print'}` | null;

const noSections: SectionRow[] = [];
const loadSections = () => request('org:sections', {});

/**
 * 自己申告書 and 目標管理シート as Excel: the staff workbook of a section (one sheet per person, only
 * their own fields open) to collect back through the import, and the print-ready book of a section or
 * of everyone.
 */
export function FormsExportPanel() {
  const { fy } = useFiscalYear();
  const notify = useNotify();
  const { data: sections = noSections, error } = useLoad(loadSections);
  const [picked, setSection] = useState<string>('');
  // Until one is picked, the first section.
  const section = picked || (sections[0]?.name ?? '');
  const [busy, setBusy] = useState<Busy>(null);

  useEffect(() => {
    if (error !== undefined) notify.error(error);
  }, [error, notify]);

  const run = async (kind: FormKind, purpose: 'roundtrip' | 'print') => {
    if (fy === null) return;
    setBusy(`${kind}:${purpose}`);
    try {
      const file = await request('forms:export', {
        kind,
        purpose,
        fy,
        section: section === everyone ? null : section,
        delivery: 'file',
      });
      const saved = await saveExport(file);
      if (!saved.cancelled) notify.success(savedMessage(saved, `「${file.fileName}」をダウンロードしました。`));
    } catch (e) {
      notify.error(e);
    } finally {
      setBusy(null);
    }
  };

  const isEveryone = section === everyone;
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="h3" component="h3" sx={{ fontSize: 15, fontWeight: 700, mb: 0.5 }}>
        様式（1人1シート）
      </Typography>
      <Typography sx={{ fontSize: 13, color: 'text.secondary', mb: 1.5 }}>
        記入用ブックは本人が記入できるセルだけを開けた様式です。記入後に「Excelから取り込む」で取り込みます。印刷用は
        A4・取扱注意付きです。
      </Typography>
      <TextField
        select
        size="small"
        label="所属（課）"
        value={section}
        onChange={(e) => setSection(e.target.value)}
        sx={{ minWidth: 240, mb: 1 }}
        slotProps={{ htmlInput: { 'data-testid': 'forms-section' } }}
      >
        {sections.map((s) => (
          <MenuItem key={s.name} value={s.name}>
            {s.name}（{s.staffCount}人）
          </MenuItem>
        ))}
        <MenuItem value={everyone}>全職員（印刷用のみ）</MenuItem>
      </TextField>
      <Table size="small" aria-label="様式の出力">
        <TableBody>
          {formKindOrder.map((kind) => {
            const info = importKindInfo[kind];
            return (
              <TableRow key={kind}>
                <TableCell sx={{ pl: 0, whiteSpace: 'nowrap' }}>
                  <Typography sx={{ fontWeight: 700 }}>{info.label}</Typography>
                  {fy !== null ? (
                    <Typography sx={{ fontSize: 12, color: 'text.secondary' }}>{fiscalYearShort(fy, 'era')}</Typography>
                  ) : null}
                </TableCell>
                <TableCell sx={{ pr: 0 }}>
                  <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, justifyContent: 'flex-end' }}>
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={busy !== null || fy === null || section === '' || isEveryone}
                      aria-label={`${info.label}の記入用ブックを出力`}
                      onClick={() => void run(kind, 'roundtrip')}
                    >
                      {busy === `${kind}:roundtrip` ? '出力中…' : '記入用ブックを出力'}
                    </Button>
                    <Button
                      size="small"
                      variant="outlined"
                      disabled={busy !== null || fy === null || section === ''}
                      aria-label={`${info.label}を印刷用に出力`}
                      onClick={() => void run(kind, 'print')}
                    >
                      {busy === `${kind}:print` ? '出力中…' : '印刷用に出力'}
                    </Button>
                  </Box>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
